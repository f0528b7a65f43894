package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;
import java.util.List;

/**
 * What the last successful generation left in the cluster, which drift repair keeps it at between generations
 * (docs/behaviour.md, "Drift repair"): the spec it applied and, with the revision history, the stable revision of
 * each rollout component.
 *
 * @param generation the number of that generation
 * @param application the spec it applied
 * @param unfinished rollout components it left partway (a {@code canary-rollout} below the last batch): their
 *     Deployments and traffic are a canary in progress, so drift repair leaves them alone until a later generation
 *     completes or rolls back their rollout
 */
public record Baseline(int generation, Application application, List<String> unfinished) {

    public Baseline {
        unfinished = unfinished == null ? List.of() : List.copyOf(unfinished);
    }
}
