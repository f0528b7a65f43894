package dev.velatemporal.activity;

import java.util.List;

public record SubsetsRequest(TrafficRef traffic, List<String> revisions) {

    public SubsetsRequest {
        revisions = List.copyOf(revisions);
    }
}
