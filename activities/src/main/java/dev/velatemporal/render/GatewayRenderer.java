package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import java.util.Map;

/** The Gateway {@code <component>} of {@code istio-gateway}: plain HTTP on port 80 of the selected gateway pods. */
public final class GatewayRenderer {

    public Gateway render(Application application, Component component, IstioGatewayTrait gateway,
            IstioApiVersion version) {
        return new GatewayBuilder()
                .withApiVersion(version.apiVersion())
                .withMetadata(ObjectMetas.ofComponent(application, component))
                .withNewSpec()
                    .withSelector(Map.of("istio", gateway.properties().gateway()))
                    .addNewServer()
                        .withNewPort().withNumber(80L).withName("http").withProtocol("HTTP").endPort()
                        .withHosts(gateway.properties().hosts())
                    .endServer()
                .endSpec()
                .build();
    }
}
