package dev.velatemporal.revision;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Names the component revisions of an applied spec (docs/behaviour.md section 2): {@code <component>-v<N>}, N growing
 * by one each time the workload changes. Traits are not part of the workload, so a trait-only change keeps the
 * revision, and a workload identical to an earlier revision's reuses that revision's name. Pure: the workflow calls it.
 */
public final class RevisionPlanner {

    public RevisionPlan plan(Application application, RevisionHistory history) {
        List<ComponentPlan> plans = new ArrayList<>();
        RevisionHistory updated = history;
        for (Component component : application.components()) {
            ComponentHistory past = updated.of(component.name());
            Optional<Revision> existing = past.revisionRunning(component.properties());
            Revision target = existing.orElseGet(
                    () -> new Revision(past.nextRevisionName().toString(), component.properties()));
            if (existing.isEmpty()) {
                updated = updated.with(past.withRevision(target));
            }
            plans.add(new ComponentPlan(component.name(), past.stableRevision(), target.name(), existing.isEmpty()));
        }
        return new RevisionPlan(plans, updated);
    }
}
