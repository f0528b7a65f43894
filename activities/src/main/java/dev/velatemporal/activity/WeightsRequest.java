package dev.velatemporal.activity;

import dev.velatemporal.render.RouteWeight;
import java.util.List;

public record WeightsRequest(TrafficRef traffic, List<RouteWeight> weights) {

    public WeightsRequest {
        weights = List.copyOf(weights);
    }
}
