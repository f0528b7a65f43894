package dev.velatemporal.worker.workflow;

import java.time.Duration;

/** A batch whose pods did not become ready within the rollout's {@code progressDeadlineSeconds}. */
final class ProgressDeadlineExceeded extends RuntimeException {

    ProgressDeadlineExceeded(String deployment, int replicas, Duration deadline) {
        super(deployment + " did not have " + replicas + " ready " + (replicas == 1 ? "replica" : "replicas")
                + " within its progress deadline of " + deadline.toSeconds() + "s");
    }
}
