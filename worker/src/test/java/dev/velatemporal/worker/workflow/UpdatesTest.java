package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Component;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.UpdateAnswer;
import dev.velatemporal.workflow.WorkflowIds;
import dev.velatemporal.workflow.WorkflowState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The updates (docs/behaviour.md section 3): {@code apply} by Update-with-Start answers the generation, a rejected
 * update leaves no event in the history, the signals of the same names still work, and a repeated update ID is
 * answered, not applied twice, across continue-as-new. The histories these runs make replay.
 */
@EnableKubernetesMockClient(crud = true)
class UpdatesTest {

    static final String ID = "default.book-info";

    KubernetesClient client;
    DeliveryTestbed testbed;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void applyByUpdateWithStartAnswersTheGeneration() throws Exception {
        UpdateAnswer first = applyUpdate(DeliveryTestbed.reference("first-deploy.yaml"), false, "apply-1");
        assertThat(first).isEqualTo(new UpdateAnswer(1, true, "applied as generation 1"));
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);

        UpdateAnswer second = applyUpdate(DeliveryTestbed.reference("rollout-v2.yaml"), false, "apply-2");
        assertThat(second).isEqualTo(new UpdateAnswer(2, true, "applied as generation 2"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        UpdateAnswer same = applyUpdate(DeliveryTestbed.reference("rollout-v2.yaml"), false, "apply-3");
        assertThat(same.changed()).isFalse();
        assertThat(same.generation()).isEqualTo(2);
        assertThat(testbed.status(ID).phase()).isEqualTo(GenerationPhase.SUSPENDED);

        replayEveryRun();
    }

    @Test
    void resumeAndRollbackRejectedByTheirValidatorsLeaveNoEvent() {
        applyUpdate(DeliveryTestbed.reference("first-deploy.yaml"), false, "apply-1");
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        List<HistoryEvent> before = recorded();

        assertThatThrownBy(() -> workflow().resumeUpdate())
                .isInstanceOf(WorkflowUpdateException.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(
                        failure.getOriginalMessage()).isEqualTo("nothing is suspended (generation 1 succeeded)"));
        assertThatThrownBy(() -> workflow().rollbackUpdate())
                .isInstanceOf(WorkflowUpdateException.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(
                        failure.getOriginalMessage())
                        .isEqualTo("no generation is running or suspended (generation 1 succeeded)"));

        assertThat(recorded()).isEqualTo(before);
        assertThat(history()).noneMatch(UpdatesTest::isUpdateEvent);
    }

    @Test
    void anApplyTheValidatorsRefuseNamesTheProblemsAndLeavesNoEvent() {
        Application valid = DeliveryTestbed.reference("first-deploy.yaml");
        applyUpdate(valid, false, "apply-1");
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        List<HistoryEvent> before = recorded();
        List<Component> components = new ArrayList<>(valid.components());
        Component ratings = components.get(components.size() - 1);
        components.add(new Component("Not_A_Label", ratings.type(), ratings.properties(), ratings.traits()));
        Application invalid = new Application(valid.metadata(), new ApplicationSpec(components,
                valid.spec().workflow()));

        assertThatThrownBy(() -> applyUpdate(invalid, false, "apply-2"))
                .isInstanceOf(WorkflowUpdateException.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    // The SDK (before 1.39) keeps a validator's message, not its failure type or details.
                    String[] lines = failure.getOriginalMessage().split("\n");
                    assertThat(lines[0]).startsWith("invalid Application, nothing was applied: spec.components["
                            + (components.size() - 1) + "].name: ");
                    assertThat(lines).hasSizeGreaterThan(1);
                    assertThat(lines[1]).startsWith("spec.components[" + (components.size() - 1) + "].name: ");
                });

        assertThat(recorded()).isEqualTo(before);
        assertThat(history()).noneMatch(UpdatesTest::isUpdateEvent);
        assertThat(testbed.status(ID).generation()).isEqualTo(1);
    }

    @Test
    void theSignalsOfTheSameNamesStillWork() throws Exception {
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED); // signal-with-start of apply
        testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        // What temporal workflow signal --workflow-id default.book-info --name resume sends.
        testbed.client.newUntypedWorkflowStub(ID).signal("resume");
        testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);

        testbed.client.newUntypedWorkflowStub(ID).signal("delete");
        testbed.client.newUntypedWorkflowStub(ID).getResult(30, TimeUnit.SECONDS, Void.class);
        assertThat(testbed.status(ID).phase()).isEqualTo(GenerationPhase.DELETED);
    }

    @Test
    void aRepeatedUpdateIdIsAnsweredNotAppliedTwiceAcrossContinueAsNew() throws Exception {
        applyUpdate(DeliveryTestbed.reference("first-deploy.yaml"), false, "apply-1");
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        Application rollout = DeliveryTestbed.reference("rollout-v2.yaml");
        assertThat(applyUpdate(rollout, true, "apply-2").generation()).isEqualTo(2);
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        // What temporal workflow update execute --workflow-id default.book-info --name resume sends.
        UpdateAnswer resumed = testbed.client.newUntypedWorkflowStub(ID).update("resume", UpdateAnswer.class);
        assertThat(resumed.message()).isEqualTo("resumed generation 2 at step manual-approval");
        testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);
        String runAfterGenerationTwo = testbed.currentRun(ID).getRunId();

        // The run that answered apply-2 has continued as new: the same ID reaches a run that never saw it.
        UpdateAnswer again = applyUpdate(rollout, true, "apply-2");

        assertThat(again).isEqualTo(new UpdateAnswer(2, true, "applied as generation 2"));
        assertThat(testbed.currentRun(ID).getRunId()).isEqualTo(runAfterGenerationTwo);
        ApplicationStatus status = testbed.status(ID);
        assertThat(status.generation()).isEqualTo(2);
        assertThat(status.phase()).isEqualTo(GenerationPhase.SUCCEEDED);

        replayEveryRun();
    }

    @Test
    void updatesAnswerWhatHappened() {
        applyUpdate(DeliveryTestbed.reference("first-deploy.yaml"), false, "apply-1");
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        applyUpdate(DeliveryTestbed.reference("rollout-v2.yaml"), false, "apply-2");
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        UpdateAnswer rollback = workflow().rollbackUpdate();
        assertThat(rollback).isEqualTo(new UpdateAnswer(2, true,
                "rolling back generation 2 from step manual-approval: its changes are being undone"));
        testbed.awaitPhase(ID, 2, GenerationPhase.ROLLED_BACK);

        UpdateAnswer delete = workflow().deleteUpdate();
        assertThat(delete.message()).isEqualTo("deleting everything book-info created; then the workflow completes");
        testbed.awaitStatus(ID, s -> s.phase() == GenerationPhase.DELETED, "deleted");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** What {@code starter apply} does: Update-with-Start of apply, using an existing workflow. */
    private UpdateAnswer applyUpdate(Application application, boolean force, String updateId) {
        ApplicationWorkflow workflow = testbed.client.newWorkflowStub(ApplicationWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.of(application.namespace(), application.name()))
                        .setTaskQueue(WorkflowIds.TASK_QUEUE)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        return WorkflowClient.executeUpdateWithStart(workflow::applyUpdate, new ApplyRequest(application, force),
                UpdateOptions.<UpdateAnswer>newBuilder().setUpdateId(updateId)
                        .setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
                new WithStartWorkflowOperation<>(workflow::run, WorkflowState.initial()));
    }

    private ApplicationWorkflow workflow() {
        return testbed.existing(ID);
    }

    private List<HistoryEvent> history() {
        return testbed.client.fetchHistory(ID).getEvents();
    }

    /**
     * The history without its workflow task events: the test server records the task a rejected update ran in (a
     * real server's is speculative and leaves nothing), but nothing the workflow did.
     */
    private List<HistoryEvent> recorded() {
        return history().stream().filter(e -> !e.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_TASK_"))
                .toList();
    }

    private static boolean isUpdateEvent(HistoryEvent event) {
        return event.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE");
    }

    /** Every run of the workflow so far, replayed against today's code: nothing is written anywhere. */
    private void replayEveryRun() throws Exception {
        String runId = testbed.currentRun(ID).getRunId();
        List<WorkflowExecutionHistory> runs = new ArrayList<>();
        while (!runId.isEmpty()) {
            WorkflowExecutionHistory history = testbed.client.fetchHistory(ID, runId);
            runs.add(0, history);
            HistoryEvent first = history.getEvents().get(0);
            runId = first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
        }
        assertThat(runs).hasSizeGreaterThan(1);
        try (TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance()) {
            // As ReplayTest: a loaded machine's first replay loads classes for longer than the 1 s deadlock limit.
            Worker worker = environment.newWorker("replay", WorkerOptions.newBuilder()
                    .setDefaultDeadlockDetectionTimeout(30_000).build());
            worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
            for (WorkflowExecutionHistory run : runs) {
                WorkflowReplayer.replayWorkflowExecution(run, worker);
            }
        }
    }
}
