package dev.velatemporal.revision;

import java.util.Optional;

/**
 * What a generation does to one component's revisions.
 *
 * @param stableRevision the revision serving the component before the generation (null on its first deploy)
 * @param targetRevision the revision of the component in the applied spec
 * @param newRevision whether the target was created by this spec (false when an earlier revision is reused)
 */
public record ComponentPlan(String component, String stableRevision, String targetRevision, boolean newRevision) {

    public Optional<String> stable() {
        return Optional.ofNullable(stableRevision);
    }

    /** True when the generation moves the component from one revision to another. */
    public boolean changesRevision() {
        return stableRevision != null && !stableRevision.equals(targetRevision);
    }
}
