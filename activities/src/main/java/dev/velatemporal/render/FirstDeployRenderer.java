package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.revision.ComponentPlan;
import dev.velatemporal.revision.RevisionPlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every object a first deploy leaves behind once its generation is done: each component at its full size (a
 * rollout's {@code targetSize}), its Service, and the Istio objects of its traits. This is what {@code dry-run}
 * prints.
 *
 * <p>Objects come kind by kind in the order they are safe to apply (workloads, Services, DestinationRules,
 * Gateways, VirtualServices: a route never names a subset or gateway that does not exist yet), and within a kind
 * in the order of the spec's components.
 */
public final class FirstDeployRenderer {

    private final DeploymentRenderer deployments = new DeploymentRenderer();
    private final ServiceRenderer services = new ServiceRenderer();
    private final DestinationRuleRenderer destinationRules = new DestinationRuleRenderer();
    private final GatewayRenderer gateways = new GatewayRenderer();
    private final VirtualServiceRenderer virtualServices = new VirtualServiceRenderer();

    public List<HasMetadata> render(Application application, RevisionPlan plan, IstioApiVersion istio) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Component component : application.components()) {
            Optional<RolloutTrait> rollout = component.rollout();
            String revision = rollout.isPresent() ? plan.of(component.name()).targetRevision() : null;
            int replicas = rollout.map(r -> r.properties().targetSize()).orElse(1);
            objects.add(deployments.render(application, component, revision, component.properties(), replicas));
        }
        for (Component component : application.components()) {
            services.render(application, component).ifPresent(objects::add);
        }
        for (Component component : application.components()) {
            if (component.canaryTraffic().isPresent()) {
                ComponentPlan componentPlan = plan.of(component.name());
                objects.add(destinationRules.render(application, component,
                        List.of(componentPlan.targetRevision()), istio));
            }
        }
        for (Component component : application.components()) {
            component.trait(IstioGatewayTrait.class)
                    .ifPresent(gateway -> objects.add(gateways.render(application, component, gateway, istio)));
        }
        for (Component component : application.components()) {
            if (component.canaryTraffic().isPresent()) {
                objects.add(virtualServices.canary(application, component, List.of(), istio));
            }
            component.trait(IstioGatewayTrait.class).ifPresent(gateway ->
                    objects.add(virtualServices.gateway(application, component, gateway, istio)));
        }
        return objects;
    }
}
