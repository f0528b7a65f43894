package dev.velatemporal.client;

import dev.velatemporal.workflow.ApplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows an Application's status until a condition holds: asks for the status each time the workflow's history
 * grows, and at least every {@link #PATIENCE}, and hands every changed document to a listener (the watch view,
 * the apply progress lines). The status is the live one ({@link ApplicationClient#liveStatus}): while a batch
 * waits for its pods, their readiness comes from the wait's heartbeats, which add nothing to the history, so the
 * look every {@link #PATIENCE} is what shows them.
 */
public final class StatusFollower {

    /**
     * Longest wait between two looks at the status: should a history change go unseen, and for the pods of a
     * readiness wait (heartbeats, not history).
     */
    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private final ApplicationClient client;
    private final ApplicationRef ref;

    public StatusFollower(ApplicationClient client, ApplicationRef ref) {
        this.client = client;
        this.ref = ref;
    }

    /**
     * @param timeout how long to follow at most
     * @return the first status that satisfies {@code done}
     * @throws RemoteFailure when {@code timeout} passes first
     */
    public ApplicationStatus follow(Predicate<ApplicationStatus> done, Consumer<ApplicationStatus> onChange,
            Duration timeout) {
        HistoryCursor cursor = new HistoryCursor(client, ref);
        Instant giveUp = Instant.now().plus(timeout);
        ApplicationStatus last = null;
        while (true) {
            // Pods getting ready during a wait change no history (the wait heartbeats them): they show up here
            // when the look after PATIENCE finds them.
            ApplicationStatus status = client.liveStatus(ref);
            if (!status.equals(last)) {
                onChange.accept(status);
                last = status;
            }
            if (done.test(status)) {
                return status;
            }
            Duration left = Duration.between(Instant.now(), giveUp);
            if (left.isNegative()) {
                throw new RemoteFailure(ref.name() + " is still " + status.phase().value() + " after "
                        + timeout.toSeconds() + " s (" + describe(status) + "); keep following it with"
                        + " bin/starter watch " + ref.name());
            }
            cursor.awaitChange(left.compareTo(PATIENCE) < 0 ? left : PATIENCE);
        }
    }

    private static String describe(ApplicationStatus status) {
        return status.currentStep().isEmpty() ? status.message() : "step " + status.currentStep();
    }
}
