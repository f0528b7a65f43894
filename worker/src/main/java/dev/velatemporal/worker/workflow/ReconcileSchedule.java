package dev.velatemporal.worker.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/**
 * How often an idle Application's workflow checks for drift: the worker's {@code --reconcile-interval}. Workflow
 * code may not read the worker's configuration (a replay on another worker would decide otherwise), so the
 * workflow asks this local activity each time it becomes idle; the answer is recorded in its history (a marker),
 * and a replay reads it from there.
 */
@ActivityInterface
public interface ReconcileSchedule {

    /** KubeVela's resync period. */
    Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    /** The interval in milliseconds; 0: no drift check but the one {@code reconcile} asks for. */
    @ActivityMethod(name = "ReconcileInterval")
    long reconcileIntervalMillis();

    /** A worker's schedule: {@code interval} (zero turns the periodic check off). */
    static ReconcileSchedule every(Duration interval) {
        return new Fixed(Math.max(0, interval.toMillis()));
    }

    /** {@code 5m}, {@code 90s}, {@code 1500ms}: as the flag takes it. */
    static String describe(Duration interval) {
        long millis = interval.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** The one implementation: a fixed interval. */
    final class Fixed implements ReconcileSchedule {

        private final long millis;

        private Fixed(long millis) {
            this.millis = millis;
        }

        @Override
        public long reconcileIntervalMillis() {
            return millis;
        }
    }
}
