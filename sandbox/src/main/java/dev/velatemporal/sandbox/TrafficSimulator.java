package dev.velatemporal.sandbox;

import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.traffic.IstioResources;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * "Refresh the page, and 10% of the time the stars are red": what the users of a component see while a canary is
 * split by weight, without a mesh. It reads the component's VirtualService and DestinationRule and its Deployments,
 * and sends simulated requests through the first HTTP route as Envoy would: a destination picked by weight, then a
 * ready pod among those of the destination's subset. A request whose destination has no ready pod, or names a
 * subset the DestinationRule does not define, fails as Envoy's 503 "no healthy upstream".
 *
 * <p>Each request draws from a {@link Random} with a fixed seed rather than following a deterministic weighted
 * sequence: Envoy picks a weighted cluster with a random number per request, so a 90/10 split shows up as 897/103
 * rather than exactly 900/100, which is what someone refreshing a page sees; the seed makes a run reproducible (the
 * same cluster state and seed always give the same counts), which the demo's output and tests rely on.
 */
public final class TrafficSimulator {

    public static final int DEFAULT_REQUESTS = 1000;
    public static final long DEFAULT_SEED = 20210901L;

    private final KubernetesClient client;
    private final IstioResources istio;

    /** Reads Istio objects at {@code networking.istio.io/v1}. */
    public TrafficSimulator(KubernetesClient client) {
        this(client, IstioApiVersion.V1);
    }

    /** Reads Istio objects at {@code version}: the version the worker writes them at. */
    public TrafficSimulator(KubernetesClient client, IstioApiVersion version) {
        this.client = client;
        this.istio = new IstioResources(client, version);
    }

    /** {@value #DEFAULT_REQUESTS} requests, seeded with {@value #DEFAULT_SEED}. */
    public TrafficSplit simulate(String namespace, String component) {
        return simulate(namespace, component, DEFAULT_REQUESTS, DEFAULT_SEED);
    }

    /** {@code requests} requests, seeded with {@value #DEFAULT_SEED}. */
    public TrafficSplit simulate(String namespace, String component, int requests) {
        return simulate(namespace, component, requests, DEFAULT_SEED);
    }

    /**
     * @throws IllegalStateException when the component has no VirtualService, or its first HTTP route sends
     *     traffic nowhere (no destination, or every weight 0)
     */
    public TrafficSplit simulate(String namespace, String component, int requests, long seed) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, not " + requests);
        }
        VirtualService service = istio.virtualServices().get(namespace, component);
        if (service == null) {
            throw new IllegalStateException("no VirtualService " + component + " in namespace " + namespace
                    + ": is the component deployed with a canary-traffic trait?");
        }
        List<WeightedDestination> destinations = destinations(service, namespace, component);
        int totalWeight = destinations.stream().mapToInt(WeightedDestination::weight).sum();
        if (totalWeight <= 0) {
            throw new IllegalStateException("VirtualService " + component + " in namespace " + namespace
                    + " sends no traffic: its first HTTP route has no destination with a weight above 0");
        }

        // One counter per share, in route order, so the result reads like the route.
        Map<ShareKey, int[]> counts = new LinkedHashMap<>();
        destinations.forEach(d -> d.upstreams().forEach(u -> counts.put(new ShareKey(d.subset(), u), new int[1])));
        Random random = new Random(seed);
        int errors = 0;
        for (int i = 0; i < requests; i++) {
            WeightedDestination destination = pick(destinations, random.nextInt(totalWeight));
            if (destination.upstreams().isEmpty()) {
                errors++;
                continue;
            }
            Upstream upstream = pickUpstream(destination.upstreams(), random);
            counts.get(new ShareKey(destination.subset(), upstream))[0]++;
        }

        List<TrafficSplit.Share> shares = new ArrayList<>();
        counts.forEach((key, count) -> shares.add(new TrafficSplit.Share(key.subset(), key.upstream().revision(),
                key.upstream().image(), count[0], TrafficSplit.percent(count[0], requests))));
        return new TrafficSplit(component, requests, shares, errors);
    }

    /** The weighted destinations of the first HTTP route, with the ready pods each reaches; weight 0 left out. */
    private List<WeightedDestination> destinations(VirtualService service, String namespace, String component) {
        List<HTTPRoute> http = service.getSpec() == null ? null : service.getSpec().getHttp();
        List<HTTPRouteDestination> route = http == null || http.isEmpty() || http.get(0).getRoute() == null
                ? List.of()
                : http.get(0).getRoute();
        DestinationRule rule = istio.destinationRules().get(namespace, component);
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        Upstreams upstreams = new Upstreams(component, rule, deployments);
        List<WeightedDestination> destinations = new ArrayList<>();
        for (HTTPRouteDestination destination : route) {
            int weight = weightOf(destination, route.size());
            if (weight > 0) {
                String subset = destination.getDestination() == null ? null : destination.getDestination().getSubset();
                destinations.add(new WeightedDestination(subset, weight, upstreams.of(subset)));
            }
        }
        return destinations;
    }

    /**
     * Istio sends everything to a route's only destination whatever its weight says; with several, an absent weight
     * is 0.
     */
    private static int weightOf(HTTPRouteDestination destination, int destinations) {
        if (destinations == 1) {
            return 1;
        }
        return destination.getWeight() == null ? 0 : destination.getWeight();
    }

    private static WeightedDestination pick(List<WeightedDestination> destinations, int draw) {
        int below = 0;
        for (WeightedDestination destination : destinations) {
            below += destination.weight();
            if (draw < below) {
                return destination;
            }
        }
        throw new IllegalStateException("draw " + draw + " beyond the total weight " + below);
    }

    /** Envoy spreads a cluster's requests evenly over its endpoints, so a Deployment gets its share of ready pods. */
    private static Upstream pickUpstream(List<Upstream> upstreams, Random random) {
        if (upstreams.size() == 1) {
            return upstreams.get(0);
        }
        int draw = random.nextInt(upstreams.stream().mapToInt(Upstream::ready).sum());
        int below = 0;
        for (Upstream upstream : upstreams) {
            below += upstream.ready();
            if (draw < below) {
                return upstream;
            }
        }
        throw new IllegalStateException("draw " + draw + " beyond the ready pods " + below);
    }

    /** A route destination: its subset (null for the host as a whole), weight, and the ready pods it reaches. */
    private record WeightedDestination(String subset, int weight, List<Upstream> upstreams) {}

    /** What a share counts: requests to one destination's subset answered by one Deployment's pods. */
    private record ShareKey(String subset, Upstream upstream) {}
}
