package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.CanaryTrafficTrait;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.ExposeTrait;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Service {@code <component>}, rendered by {@code expose} and by {@code canary-traffic}. When a component has
 * both, they share one Service with the ports of both. It selects the component's pods of every revision: the
 * VirtualService, not the Service, decides which revision gets a request.
 */
public final class ServiceRenderer {

    public Optional<Service> render(Application application, Component component) {
        Optional<ExposeTrait> expose = component.trait(ExposeTrait.class);
        Optional<CanaryTrafficTrait> canary = component.canaryTraffic();
        if (expose.isEmpty() && canary.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> canaryPorts = canary.map(c -> c.properties().port()).orElse(List.of());
        Set<Integer> ports = new LinkedHashSet<>();
        expose.ifPresent(e -> ports.addAll(e.properties().port()));
        ports.addAll(canaryPorts);
        List<ServicePort> servicePorts = new ArrayList<>();
        for (int port : ports) {
            servicePorts.add(port(port, canaryPorts.contains(port)));
        }
        return Optional.of(new ServiceBuilder()
                .withMetadata(ObjectMetas.ofComponent(application, component))
                .withNewSpec()
                    .withType(expose.map(e -> e.properties().type()).orElse("ClusterIP"))
                    .withSelector(OamLabels.componentSelector(component.name()))
                    .withPorts(servicePorts)
                .endSpec()
                .build());
    }

    /**
     * Canary ports are named {@code http-<port>}: Istio picks the protocol from the name, and weighted routes are
     * HTTP routes. Other ports are left for Istio to detect.
     */
    private ServicePort port(int port, boolean http) {
        return new ServicePortBuilder()
                .withName((http ? "http-" : "port-") + port)
                .withProtocol("TCP")
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .build();
    }
}
