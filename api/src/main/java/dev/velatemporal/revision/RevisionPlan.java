package dev.velatemporal.revision;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The revisions of one generation: a plan per component, in spec order, and the history with any new revisions
 * recorded (stable revisions unchanged: they change when a rollout completes).
 */
public record RevisionPlan(List<ComponentPlan> components, RevisionHistory history) {

    public RevisionPlan {
        components = List.copyOf(components);
    }

    public ComponentPlan of(String component) {
        return components.stream()
                .filter(c -> c.component().equals(component))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no plan for component " + component));
    }

    /** The history once every component runs its target revision, as after a generation that completed. */
    public RevisionHistory completed() {
        RevisionHistory result = history;
        for (ComponentPlan plan : components) {
            result = result.with(result.of(plan.component()).withStable(plan.targetRevision()));
        }
        return result;
    }
}
