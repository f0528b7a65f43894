package dev.velatemporal.worker.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waiting in tests for what a workflow does by itself: asked every 50 ms, up to a patience. */
final class Waits {

    private Waits() {}

    /**
     * Returns once {@code condition} holds. A condition that throws (a query between two runs of the workflow) is
     * asked again; the last error is the failure's cause if it never holds.
     */
    static void until(Supplier<Boolean> condition, String what, Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        RuntimeException lastError = null;
        while (Instant.now().isBefore(giveUp)) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            DeliveryTestbed.sleep(50);
        }
        throw new AssertionError("gave up waiting for " + what, lastError);
    }
}
