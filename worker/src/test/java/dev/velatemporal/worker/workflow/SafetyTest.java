package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.CanaryRolloutStep.Traffic;
import dev.velatemporal.model.CanaryRolloutStep.WeightedTarget;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.model.Trait;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.Workflow;
import dev.velatemporal.model.WorkflowStep;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What must never happen: an approval skipped, a broken revision left serving, a spec re-run for nothing. */
@EnableKubernetesMockClient(crud = true)
class SafetyTest {

    static final String ID = "default.book-info";

    KubernetesClient client;
    DeliveryTestbed testbed;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void aResumeSentBeforeTheSuspendStepDoesNotSkipTheApproval() {
        testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
        testbed.existing(ID).resume();

        ApplicationStatus suspended = testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        DeliveryTestbed.sleep(500);

        ApplicationStatus later = testbed.status(ID);
        assertThat(later.phase()).isEqualTo(GenerationPhase.SUSPENDED);
        assertThat(later.currentStep()).isEqualTo("manual-approval");
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v1=90,reviews-v2=10");
        assertThat(suspended.events()).extracting(ApplicationStatus.StatusEvent::message)
                .anyMatch(m -> m.startsWith("resume ignored: nothing is suspended"));
    }

    @Test
    void aRevisionThatNeverBecomesReadyIsRolledBackAtItsProgressDeadline() {
        testbed.apply(brokenRollout(2));

        ApplicationStatus failed = testbed.awaitPhase(ID, 2, GenerationPhase.FAILED);

        assertThat(failed.message()).isEqualTo("step rollout-1st-batch failed: reviews-v2 did not have 1 ready"
                + " replica within its progress deadline of 2s; the changes of generation 2 were rolled back");
        assertThat(failed.steps()).extracting(ApplicationStatus.StepStatus::phase)
                .containsExactly(StepPhase.FAILED, StepPhase.SKIPPED, StepPhase.SKIPPED);
        // Exactly as before the generation.
        assertThat(testbed.deployment("reviews-v2")).isNull();
        assertThat(testbed.replicas("reviews-v1")).isEqualTo(2);
        assertThat(testbed.routes("reviews")).isEqualTo("reviews");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
        assertThat(failed.components()).singleElement()
                .satisfies(reviews -> assertThat(reviews.stableRevision()).isEqualTo("reviews-v1"));
    }

    @Test
    void anUnchangedSpecIsANoOpUnlessForced() {
        testbed.apply(DeliveryTestbed.reference("first-deploy.yaml"));
        ApplicationStatus unchanged = testbed.awaitStatus(ID, s -> s.events().stream()
                .anyMatch(e -> e.message().startsWith("apply ignored: the spec is unchanged")), "the unchanged event");
        assertThat(unchanged.generation()).isEqualTo(1);

        testbed.apply(DeliveryTestbed.reference("first-deploy.yaml"), true);
        testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);
        assertThat(testbed.readyReplicas("reviews-v1")).isEqualTo(2);
    }

    @Test
    void aWeightedTargetThatIsNeitherStableNorNewIsRefusedBeforeAnythingIsApplied() {
        Application wrong = withWeightedRevision(DeliveryTestbed.reference("rollout-v2.yaml"), "reviews-v9");

        testbed.apply(wrong);
        ApplicationStatus failed = testbed.awaitPhase(ID, 2, GenerationPhase.FAILED);

        assertThat(failed.message()).isEqualTo("invalid Application, nothing was applied: spec.workflow.steps[0]"
                + ".properties.traffic.weightedTargets[1].revision: \"reviews-v9\" is neither the stable revision of"
                + " reviews (reviews-v1) nor the one this spec creates (reviews-v2)");
        assertThat(testbed.deployment("reviews-v2")).isNull();
        assertThat(testbed.routes("reviews")).isEqualTo("reviews");
    }

    /** rollout-v2 with an image that never becomes ready and a short progress deadline. */
    static Application brokenRollout(int deadlineSeconds) {
        Application rollout = DeliveryTestbed.reference("rollout-v2.yaml");
        List<Component> components = new ArrayList<>();
        for (Component component : rollout.components()) {
            if (!component.name().equals("reviews")) {
                components.add(component);
                continue;
            }
            WebserviceProperties p = component.properties();
            WebserviceProperties broken = new WebserviceProperties(p.image() + "-broken", p.port(), p.cmd(), p.env(),
                    p.cpu(), p.memory(), p.imagePullPolicy(), p.volumes());
            List<Trait> traits = new ArrayList<>();
            for (Trait trait : component.traits()) {
                if (trait instanceof RolloutTrait rolloutTrait) {
                    RolloutTrait.Properties r = rolloutTrait.properties();
                    traits.add(new RolloutTrait(new RolloutTrait.Properties(r.targetSize(), r.rolloutBatches(),
                            r.batchPartition(), deadlineSeconds)));
                } else {
                    traits.add(trait);
                }
            }
            components.add(new Component(component.name(), component.type(), broken, traits));
        }
        return new Application(rollout.metadata(), new ApplicationSpec(components, rollout.spec().workflow()));
    }

    /** rollout-v2 whose first step sends its 10% to {@code revision} instead of reviews-v2. */
    static Application withWeightedRevision(Application application, String revision) {
        List<WorkflowStep> steps = new ArrayList<>(application.spec().workflow().steps());
        CanaryRolloutStep first = (CanaryRolloutStep) steps.get(0);
        List<WeightedTarget> targets = new ArrayList<>(first.properties().traffic().weightedTargets());
        targets.set(1, new WeightedTarget(revision, targets.get(1).weight()));
        steps.set(0, new CanaryRolloutStep(first.name(), new CanaryRolloutStep.Properties(
                first.properties().batchPartition(), new Traffic(targets), first.properties().component())));
        return new Application(application.metadata(),
                new ApplicationSpec(application.components(), new Workflow(steps)));
    }
}
