package dev.velatemporal.revision;

import dev.velatemporal.model.RevisionName;
import dev.velatemporal.model.WebserviceProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every revision a component has had, oldest first, the one that serves it now, and the one it ran before.
 *
 * @param stableRevision the revision serving the component; null until its first deploy completes
 * @param previousStableRevision the stable revision before the latest change of stable revision: where a
 *     {@code canary-rollback} goes once a rollout has completed (null until the component has had two)
 */
public record ComponentHistory(
        String component, List<Revision> revisions, String stableRevision, String previousStableRevision) {

    /**
     * How many revisions a component's history keeps (like a Deployment's {@code revisionHistoryLimit}): the
     * history travels with every continue-as-new, so it must not grow with every release. Names are never reused:
     * a new revision is numbered past the highest kept, and the newest is always kept.
     */
    public static final int REVISION_HISTORY_LIMIT = 10;

    public ComponentHistory {
        revisions = List.copyOf(revisions);
    }

    public static ComponentHistory empty(String component) {
        return new ComponentHistory(component, List.of(), null, null);
    }

    /** The revision that ran exactly this workload, if any did: applying it again reuses its name. */
    public Optional<Revision> revisionRunning(WebserviceProperties workload) {
        return revisions.stream().filter(r -> r.workload().equals(workload)).findFirst();
    }

    public Optional<Revision> revision(String name) {
        return revisions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<String> stable() {
        return Optional.ofNullable(stableRevision);
    }

    /** The name a new workload gets: one past the highest revision so far. */
    RevisionName nextRevisionName() {
        int highest = revisions.stream()
                .map(r -> RevisionName.parse(r.name()).map(RevisionName::number).orElse(0))
                .reduce(0, Math::max);
        return new RevisionName(component, highest + 1);
    }

    ComponentHistory withRevision(Revision revision) {
        List<Revision> all = new ArrayList<>(revisions);
        all.add(revision);
        // Oldest first out, never the revisions a rollback may go back to; the newest is the one just added.
        for (int i = 0; all.size() > REVISION_HISTORY_LIMIT && i < all.size(); ) {
            String name = all.get(i).name();
            if (name.equals(stableRevision) || name.equals(previousStableRevision)) {
                i++;
            } else {
                all.remove(i);
            }
        }
        return new ComponentHistory(component, all, stableRevision, previousStableRevision);
    }

    /** The history once {@code revision} serves the component; the one it replaces becomes the previous. */
    public ComponentHistory withStable(String revision) {
        if (revision.equals(stableRevision)) {
            return this;
        }
        return new ComponentHistory(component, revisions, revision, stableRevision);
    }

    public Optional<String> previousStable() {
        return Optional.ofNullable(previousStableRevision);
    }
}
