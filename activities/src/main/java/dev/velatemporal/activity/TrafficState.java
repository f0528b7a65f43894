package dev.velatemporal.activity;

import dev.velatemporal.render.RouteWeight;
import java.util.List;

/**
 * A component's canary traffic as the cluster has it.
 *
 * @param subsets the DestinationRule's subsets, by revision (empty when it has none or does not exist)
 * @param weights the VirtualService's weighted routes (empty when it routes to the host as a whole, or does not
 *     exist)
 */
public record TrafficState(
        boolean destinationRuleExists, List<String> subsets, boolean virtualServiceExists, List<RouteWeight> weights) {

    public TrafficState {
        subsets = List.copyOf(subsets);
        weights = List.copyOf(weights);
    }
}
