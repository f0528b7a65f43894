package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.sandbox.ApiFault;
import dev.velatemporal.sandbox.ApiFaults;
import dev.velatemporal.sandbox.FaultRule;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 11: one-off and persistent API faults against the real workflow, on the sandbox's fault layer. */
@Timeout(120)
class ApiFaultsTest {

    private static final String ID = SeedStoryTest.ID;

    private FaultyApiTestbed bed;

    @AfterEach
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    /** Generation 1 succeeded, generation 2 suspended at the approval (reviews-v2 created, at 10%). */
    private DeliveryTestbed suspendedAtApproval(ApiFaults faults) {
        bed = new FaultyApiTestbed(faults);
        DeliveryTestbed testbed = bed.testbed;
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
        testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        return testbed;
    }

    /**
     * Seen 4: the API executes the create of reviews-v2 but its answer is lost. The retry finds the Deployment;
     * it must still count as created by this generation, so the rollback deletes it (before: left at 0 replicas).
     */
    @Test
    void aCreateWhoseAnswerWasLostIsUndoneByTheRollback() {
        DeliveryTestbed testbed = suspendedAtApproval(
                ApiFaults.rules(FaultRule.onceOnCreate("/deployments", "reviews-v2", ApiFault.ANSWER_LOST)));
        bed.check(() -> {
            assertThat(bed.cluster.injectedFaults()).singleElement().asString().contains("ANSWER_LOST");
            testbed.existing(ID).rollback();
            testbed.awaitPhase(ID, 2, GenerationPhase.ROLLED_BACK);
            assertThat(testbed.deployment("reviews-v2")).as("reviews-v2 after the rollback").isNull();
            assertThat(testbed.replicas("reviews-v1")).isEqualTo(2);
            assertThat(testbed.routes("reviews")).isEqualTo("reviews");
            assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
        });
    }

    /** A persistent 403 on the DestinationRule mid-rollout: failed, naming it and why; everything as before. */
    @Test
    void aPersistentForbiddenFailsTheGenerationAndRestoresTheStateBefore() {
        persistentFaultFailsAndRestores(
                FaultRule.always("PATCH", "/destinationrules/reviews", ApiFault.FORBIDDEN),
                "DestinationRule default/reviews", "forbidden");
    }

    /** A persistent 422 on the VirtualService's first canary split (90/10) mid-rollout: the same. */
    @Test
    void aPersistentInvalidFailsTheGenerationAndRestoresTheStateBefore() {
        persistentFaultFailsAndRestores(
                new FaultRule("PATCH", "/virtualservices/reviews", "reviews-v2", ApiFault.INVALID, FaultRule.ALWAYS),
                "VirtualService default/reviews", "invalid");
    }

    private void persistentFaultFailsAndRestores(FaultRule rule, String object, String reason) {
        bed = new FaultyApiTestbed(ApiFaults.rules(rule));
        DeliveryTestbed testbed = bed.testbed;
        bed.check(() -> {
            testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
            testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
            ApplicationStatus failed = testbed.awaitPhase(ID, 2, GenerationPhase.FAILED);
            assertThat(failed.message()).contains(object).contains(reason);
            assertThat(testbed.replicas("reviews-v1")).isEqualTo(2);
            assertThat(testbed.deployment("reviews-v2")).isNull();
            assertThat(testbed.routes("reviews")).isEqualTo("reviews");
            assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
        });
    }
}
