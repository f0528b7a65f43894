package dev.velatemporal.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which informer events count for a wait: those about the object it read, not older than what it read. */
class ReadinessWaiterTest {

    private static final String UID = "uid-1";

    private final ReadinessWaiter waiter = new ReadinessWaiter(2, "wait for Deployment default/reviews-v2");

    /** reviews-v2 at {@code generation} with 2 replicas, all observed and updated, {@code ready} of them ready. */
    private static Deployment state(String uid, long generation, int ready) {
        return new DeploymentBuilder(Fixtures.revision("reviews", "reviews-v2", "img:2", 2))
                .editMetadata().withUid(uid).withGeneration(generation).endMetadata()
                .withNewStatus().withObservedGeneration(generation).withUpdatedReplicas(2).withReadyReplicas(ready)
                .endStatus()
                .build();
    }

    @Test
    void aChangeFromBeforeTheReadDoesNotCount() {
        waiter.read(state(UID, 3, 0));

        waiter.changed(state(UID, 2, 2)); // ready, but at the spec before the one read
        assertThat(waiter.done()).isNotDone();
        assertThat(waiter.latest().getMetadata().getGeneration()).isEqualTo(3);

        waiter.changed(state(UID, 3, 1));
        assertThat(waiter.latest().getStatus().getReadyReplicas()).isEqualTo(1);
        waiter.changed(state(UID, 3, 2));
        assertThat(waiter.done()).isCompletedWithValueMatching(d -> d.getStatus().getReadyReplicas() == 2);
    }

    @Test
    void anotherObjectOfThatNameDoesNotCount() {
        waiter.read(state(UID, 1, 0));

        waiter.changed(state("uid-0", 5, 2));
        waiter.deleted(state("uid-0", 5, 2));

        assertThat(waiter.done()).isNotDone();
    }

    @Test
    void theDeletionOfTheObjectReadEndsTheWait() {
        waiter.read(state(UID, 1, 0));

        waiter.deleted(state(UID, 1, 0));

        assertThat(waiter.latest()).isNull();
        assertThat(waiter.done()).isCompletedExceptionally();
        assertThat(failure()).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(ApiErrors.NOT_FOUND);
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage()).contains("(it was deleted)");
        });
    }

    @Test
    void theLastChangeBeforeTheReadIsJudgedOnceTheReadIsKnown() {
        waiter.changed(state(UID, 1, 1));
        waiter.changed(state(UID, 2, 2));
        assertThat(waiter.done()).as("nothing counts before the read").isNotDone();

        waiter.read(state(UID, 2, 0));

        assertThat(waiter.done()).isCompletedWithValueMatching(d -> d.getStatus().getReadyReplicas() == 2);
    }

    @Test
    void aDeletionBeforeTheReadIsJudgedOnceTheReadIsKnown() {
        waiter.deleted(state(UID, 1, 0));

        waiter.read(state(UID, 1, 0)); // read before the deletion; the deletion's event came before the answer

        assertThat(failure()).isInstanceOf(ApplicationFailure.class).hasMessageContaining("(it was deleted)");
    }

    @Test
    void absentWhenReadIsReadyAtZeroAndNotFoundOtherwise() {
        ReadinessWaiter toZero = new ReadinessWaiter(0, "wait");
        toZero.read(null);
        assertThat(toZero.done()).isCompletedWithValue(null);

        waiter.read(null);
        assertThat(failure()).isInstanceOfSatisfying(ApplicationFailure.class,
                f -> assertThat(f.getType()).isEqualTo(ApiErrors.NOT_FOUND));
    }

    @Test
    void aStoppedInformerIsARetryableError() {
        waiter.read(state(UID, 1, 0));

        waiter.stopped(new KubernetesClientException("the Deployment informer of namespace default stopped"));

        assertThat(failure()).isExactlyInstanceOf(KubernetesClientException.class)
                .hasMessage("stopped waiting (wait for Deployment default/reviews-v2): "
                        + "the Deployment informer of namespace default stopped");
    }

    private Throwable failure() {
        try {
            waiter.done().join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the wait did not fail");
    }
}
