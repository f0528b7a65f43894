package dev.velatemporal.worker.workflow;

/**
 * The manual approval of a {@code suspend} step. A resume counts only while a step is suspended: one sent earlier
 * is ignored (and recorded by the caller), so it can never skip a later approval.
 */
final class Approval {

    private String waitingAt;
    private boolean resumed;

    void begin(String step) {
        waitingAt = step;
        resumed = false;
    }

    /** True when a suspended step took the resume; false when nothing was suspended. */
    boolean resume() {
        if (waitingAt == null) {
            return false;
        }
        resumed = true;
        return true;
    }

    /** Whether a step is suspended, waiting for a resume. */
    boolean isWaiting() {
        return waitingAt != null;
    }

    /** The suspended step, or null. */
    String waitingAt() {
        return waitingAt;
    }

    boolean isResumed() {
        return resumed;
    }

    void end() {
        waitingAt = null;
        resumed = false;
    }
}
