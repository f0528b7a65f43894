package dev.velatemporal.activity;

import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import java.util.List;

/**
 * What the last successful generation of an Application left, for drift repair to compare the cluster with.
 *
 * @param components every component of the spec that generation applied
 */
public record DriftRequest(String application, String namespace, List<Kept> components) {

    public DriftRequest {
        components = List.copyOf(components);
    }

    /**
     * One component as it was left.
     *
     * @param component its spec: its Service, gateway objects and (without rollout) its Deployment at 1 replica
     * @param stable for a rollout component whose rollout completed: its stable revision, whose Deployment runs at
     *     the rollout's target size and, with canary-traffic, is the only subset and gets all the traffic; null for
     *     a component without rollout, and for one whose rollout was left partway (its Deployments and traffic are
     *     then left alone)
     */
    public record Kept(Component component, StableRevision stable) {}

    /** A revision's Deployment as it should run: its name ({@code reviews-v2}), its workload and its replicas. */
    public record StableRevision(String name, WebserviceProperties workload, int replicas) {}
}
