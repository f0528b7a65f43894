package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.IstioGatewayTrait.UriMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequestBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import java.util.List;

/** The VirtualServices: the weighted routes of {@code canary-traffic}, and the gateway routes of {@code istio-gateway}. */
public final class VirtualServiceRenderer {

    /**
     * The VirtualService {@code <component>} of {@code canary-traffic}, for mesh traffic to the component's host.
     *
     * @param weights the share of each revision; empty routes to the host as a whole (no subsets), as on a first
     *     deploy, when only one revision exists
     */
    public VirtualService canary(Application application, Component component, List<RouteWeight> weights,
            IstioApiVersion version) {
        List<HTTPRouteDestination> routes = weights.isEmpty()
                ? List.of(new HTTPRouteDestinationBuilder().withNewDestination().withHost(component.name())
                        .endDestination().build())
                : weights.stream().map(w -> new HTTPRouteDestinationBuilder()
                        .withNewDestination().withHost(component.name()).withSubset(w.revision()).endDestination()
                        .withWeight(w.weight())
                        .build()).toList();
        return new VirtualServiceBuilder()
                .withApiVersion(version.apiVersion())
                .withMetadata(ObjectMetas.ofComponent(application, component))
                .withNewSpec()
                    .withHosts(component.name())
                    .addNewHttp().withRoute(routes).endHttp()
                .endSpec()
                .build();
    }

    /** The VirtualService {@code <component>} of {@code istio-gateway}: the URI matches, routed to the component. */
    public VirtualService gateway(Application application, Component component, IstioGatewayTrait gateway,
            IstioApiVersion version) {
        IstioGatewayTrait.Properties properties = gateway.properties();
        return new VirtualServiceBuilder()
                .withApiVersion(version.apiVersion())
                .withMetadata(ObjectMetas.ofComponent(application, component))
                .withNewSpec()
                    .withHosts(properties.hosts())
                    .withGateways(component.name())
                    .addNewHttp()
                        .withMatch(properties.match().stream().map(VirtualServiceRenderer::match).toList())
                        .addNewRoute()
                            .withNewDestination()
                                .withHost(component.name())
                                .withNewPort().withNumber((long) properties.port()).endPort()
                            .endDestination()
                        .endRoute()
                    .endHttp()
                .endSpec()
                .build();
    }

    private static HTTPMatchRequest match(UriMatch match) {
        StringMatch uri;
        if (match.exact() != null) {
            uri = new StringMatch(new StringMatchExact(match.exact()));
        } else if (match.prefix() != null) {
            uri = new StringMatch(new StringMatchPrefix(match.prefix()));
        } else {
            uri = new StringMatch(new StringMatchRegex(match.regex()));
        }
        return new HTTPMatchRequestBuilder().withUri(uri).build();
    }
}
