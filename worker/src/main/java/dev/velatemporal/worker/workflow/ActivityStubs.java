package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.DeliveryActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The activity stubs of the workflow, with their timeouts and retries, and a summary per call: the Temporal UI
 * shows it on the activity ("scale reviews-v2 to 1 replica"), so a history reads as what happened. Transient API
 * errors are retried with backoff for as long as it takes (SPEC section 4: they never fail a rollout by
 * themselves); the activities mark the errors that must not be retried.
 */
final class ActivityStubs {

    static final RetryOptions RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(30))
            .build();

    /**
     * A call is one or two API requests: a 503, a 429 or a reset is usually gone within a second, and a backoff
     * that grows to 30 s turned a few unlucky faults in a row into minutes of a rollback doing nothing. Capped at
     * 5 s, a call under 20% faults still ends within seconds, and an API server that is really down is asked
     * about every 5 s, a load no API server notices.
     */
    static final RetryOptions CALL_RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(200))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(5))
            .build();

    // 30 s is generous for one or two API requests, and it is also how long an attempt a killed worker held
    // (SIGKILL, OOM, a lost node) stays unanswered before it is retried elsewhere: it was 1 minute, a minute of a
    // rollout doing nothing after every crash (issue 12 section 4, the crash tests). A retried write is safe: the
    // activities create only when missing and patch with whole-field add operations.
    private static final ActivityOptions CALL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(CALL_RETRY)
            .build();

    // The readiness wait is long and watched: a heartbeat tells a stuck worker from a slow rollout, and lets the
    // workflow cancel the wait when the progress deadline passes. The deadline itself is a workflow timer.
    // The heartbeat timeout is 3 times the wait's heartbeat interval (5 s, DeliveryActivitiesImpl): a wait whose
    // worker was killed is taken over after 15 s, not 30 (issue 12 section 4), and a live one misses two
    // heartbeats in a row before it is.
    private static final ActivityOptions WAIT = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(24))
            .setHeartbeatTimeout(Duration.ofSeconds(15))
            .setRetryOptions(RETRY)
            .build();

    private final boolean waitsForCancellation;

    /** As runs before {@link RunVersion#decidesOutcomes()}: a cancelled call is abandoned at once. */
    ActivityStubs() {
        this(false);
    }

    /**
     * @param waitsForCancellation a cancelled call ends only when the activity has (WAIT_CANCELLATION_COMPLETED),
     *     so a write still in flight lands before anything is undone, and its undo sees it
     */
    ActivityStubs(boolean waitsForCancellation) {
        this.waitsForCancellation = waitsForCancellation;
    }

    /** A stub for one call, shown in the UI as {@code summary}. */
    DeliveryActivities call(String summary) {
        ActivityOptions.Builder options = ActivityOptions.newBuilder(CALL).setSummary(summary);
        if (waitsForCancellation) {
            options.setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
        }
        return Workflow.newActivityStub(DeliveryActivities.class, options.build());
    }

    /** A stub for one readiness wait, shown in the UI as {@code summary}. */
    DeliveryActivities wait(String summary) {
        return Workflow.newActivityStub(DeliveryActivities.class,
                ActivityOptions.newBuilder(WAIT).setSummary(summary).build());
    }
}
