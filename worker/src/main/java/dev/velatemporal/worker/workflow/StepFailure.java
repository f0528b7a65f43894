package dev.velatemporal.worker.workflow;

/** A step that cannot go on, for a reason the workflow itself found (nothing to roll back to, say). */
final class StepFailure extends RuntimeException {

    StepFailure(String message) {
        super(message);
    }
}
