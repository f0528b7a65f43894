package dev.velatemporal.workflow;

/**
 * What an update did, as its caller gets it (docs/behaviour.md section 3, "Updates"): {@code apply}, {@code resume},
 * {@code rollback}, {@code delete}.
 *
 * @param generation the generation it concerns: for {@code apply}, the one the spec runs as (or, unchanged, the
 *     latest); for the others, the one it acted on
 * @param changed false when it changed nothing (an unchanged spec, applied without {@code force})
 * @param message one line that says what happened, e.g. {@code resumed generation 2 at step manual-approval}
 */
public record UpdateAnswer(int generation, boolean changed, String message) {

    /**
     * The failure type of an {@code apply} its handler refused for the spec's problems (its details hold them, each as
     * {@code path: message}). A validator's rejection says the same in its message only: whatever its type, the SDK
     * (before 1.39) keeps nothing else of it.
     */
    public static final String INVALID_APPLICATION = "InvalidApplication";
    /**
     * How the message of an {@code apply} rejected for the spec's problems begins: its first line as the status
     * would say it, then each problem on a line of its own.
     */
    public static final String INVALID_PREFIX = "invalid Application, nothing was applied: ";
    /** The failure type of an update its handler refused because it means nothing now. */
    public static final String NOT_APPLICABLE = "NotApplicable";
}
