package dev.velatemporal.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where simulated requests to a component went: the share of each revision that answered, and the requests that
 * found no healthy upstream (Envoy's 503).
 *
 * @param component the component (its VirtualService's name)
 * @param requests how many requests were simulated
 * @param shares one per ready Deployment a weighted route destination reaches, in route order; a share may have a
 *     count of 0 when its weight is small next to {@code requests}
 * @param errors requests to a destination with no ready pods, or to a subset its DestinationRule does not define
 */
public record TrafficSplit(String component, int requests, List<Share> shares, int errors) {

    /**
     * @param subset the route destination's subset, or null when it routes to the host as a whole
     * @param revision the {@code app.oam.dev/revision} label of the pods that answered, or the name of their
     *     Deployment when they have none (a component without rollout)
     * @param image the first container's image of those pods
     * @param count requests they answered
     * @param percent {@code count} as a percentage of all requests
     */
    public record Share(String subset, String revision, String image, int count, double percent) {}

    public TrafficSplit {
        shares = List.copyOf(shares);
    }

    /** The share of {@code revision}, summed over the destinations that reach it; 0 when none does. */
    public int countOf(String revision) {
        return shares.stream().filter(s -> s.revision().equals(revision)).mapToInt(Share::count).sum();
    }

    /** The percentage of requests that failed. */
    public double errorPercent() {
        return percent(errors, requests);
    }

    /**
     * A line of totals, then one line per share with its image, e.g.
     *
     * <pre>
     * reviews: 1000 requests: reviews-v1 897 (89.7%)  reviews-v2 103 (10.3%)
     *   reviews-v1  docker.io/istio/examples-bookinfo-reviews-v2:1.16.2
     *   reviews-v2  docker.io/istio/examples-bookinfo-reviews-v3:1.16.2
     * </pre>
     */
    public String describe() {
        List<String> totals = new ArrayList<>();
        for (Share share : shares) {
            totals.add(share.revision() + " " + share.count() + " (" + format(share.percent()) + ")");
        }
        if (errors > 0 || shares.isEmpty()) {
            totals.add("503 no healthy upstream " + errors + " (" + format(errorPercent()) + ")");
        }
        StringBuilder text = new StringBuilder()
                .append(component).append(": ").append(requests).append(" requests: ")
                .append(String.join("  ", totals));
        for (Share share : shares) {
            text.append('\n').append("  ").append(share.revision()).append("  ").append(share.image());
            if (share.subset() != null && !share.subset().equals(share.revision())) {
                text.append("  (subset ").append(share.subset()).append(')');
            }
        }
        return text.toString();
    }

    static double percent(int count, int requests) {
        return requests == 0 ? 0 : 100.0 * count / requests;
    }

    private static String format(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }
}
