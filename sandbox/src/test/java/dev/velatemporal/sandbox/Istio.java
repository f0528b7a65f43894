package dev.velatemporal.sandbox;

import dev.velatemporal.render.DestinationRuleRenderer;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Istio objects shaped as the canary-traffic and istio-gateway traits render them, at networking.istio.io/v1. */
final class Istio {

    private Istio() {}

    /** Weights by subset, in route order: {@code weighted("reviews", "reviews-v1", 90, "reviews-v2", 10)}. */
    static VirtualService weighted(String component, Object... subsetsAndWeights) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (int i = 0; i < subsetsAndWeights.length; i += 2) {
            weights.put((String) subsetsAndWeights[i], (Integer) subsetsAndWeights[i + 1]);
        }
        List<HTTPRouteDestination> route = new ArrayList<>();
        weights.forEach((subset, weight) -> route.add(new HTTPRouteDestinationBuilder()
                .withNewDestination().withHost(component).withSubset(subset).endDestination()
                .withWeight(weight).build()));
        return virtualService(component, route);
    }

    /** A route to the component's host as a whole, as on a first deploy. */
    static VirtualService hostOnly(String component) {
        return virtualService(component, List.of(new HTTPRouteDestinationBuilder()
                .withNewDestination().withHost(component).endDestination().build()));
    }

    static DestinationRule destinationRule(String component, String... revisions) {
        return new DestinationRuleBuilder()
                .withNewMetadata().withName(component).endMetadata()
                .withNewSpec()
                    .withHost(component)
                    .withSubsets(List.of(revisions).stream().map(DestinationRuleRenderer::subset).toList())
                .endSpec()
                .build();
    }

    static Gateway gateway(String name) {
        return new GatewayBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withSelector(Map.of("istio", "ingressgateway"))
                    .addNewServer()
                        .withNewPort().withNumber(80L).withName("http").withProtocol("HTTP").endPort()
                        .withHosts("*")
                    .endServer()
                .endSpec()
                .build();
    }

    static <T extends HasMetadata> T create(KubernetesClient client, String namespace, T object) {
        return client.resource(object).inNamespace(namespace).create();
    }

    private static VirtualService virtualService(String component, List<HTTPRouteDestination> route) {
        return new VirtualServiceBuilder()
                .withNewMetadata().withName(component).endMetadata()
                .withNewSpec()
                    .withHosts(component)
                    .addNewHttp().withRoute(route).endHttp()
                .endSpec()
                .build();
    }
}
