package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.Attribution;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.GenerationRecord;
import dev.velatemporal.workflow.UpdateAnswer;
import dev.velatemporal.workflow.WorkflowIds;
import dev.velatemporal.workflow.WorkflowState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
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
 * Who did what (docs/behaviour.md section 3): every apply, resume, rollback and delete is recorded with who sent
 * it and when, in the status events and in the {@code history} query, from the {@code vela-sender} header the
 * starter sends (its Temporal identity too, so Temporal's history shows the same name). A signal or update
 * without the header, as the {@code temporal} CLI sends, is recorded as from an unnamed sender, with where
 * Temporal's history names it. The record is carried across continue-as-new.
 */
@EnableKubernetesMockClient(crud = true)
class IdentityTest {

    static final String ID = "default.book-info";
    static final String CLOCK = "\\d\\d:\\d\\d:\\d\\d";

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
    void appliesAndAResumeByUpdateAreRecordedWithTheirSendersInTheStatusTheRecordAndTemporalsHistory()
            throws Exception {
        applyUpdate("alice@laptop", DeliveryTestbed.reference("first-deploy.yaml"), "apply-1");
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        applyUpdate("bob@ci", DeliveryTestbed.reference("rollout-v2.yaml"), "apply-2");
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        UpdateAnswer resumed = stub("carol@desk").resumeUpdate();
        assertThat(resumed.message()).isEqualTo("resumed generation 2 at step manual-approval");
        ApplicationStatus status = testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);

        assertThat(events(status)).anyMatch(m -> m.matches("generation 1 applied by alice@laptop at " + CLOCK));
        assertThat(events(status)).anyMatch(m -> m.matches("generation 2 applied by bob@ci at " + CLOCK));
        assertThat(events(status)).anyMatch(m -> m.matches("resumed by carol@desk at " + CLOCK
                + ": generation 2 continues from step manual-approval"));

        // Two runs (each generation continues as new): the record came along.
        List<GenerationRecord> generations = testbed.existing(ID).history();
        assertThat(generations).extracting(GenerationRecord::generation).containsExactly(1, 2);
        GenerationRecord first = generations.get(0);
        assertThat(first.applied().by()).isEqualTo("alice@laptop");
        assertThat(first.phase()).isEqualTo(GenerationPhase.SUCCEEDED);
        assertThat(first.approved()).isEmpty();
        assertThat(first.endedAt()).isNotEmpty();
        GenerationRecord second = generations.get(1);
        assertThat(second.applied()).extracting(Attribution::what, Attribution::by)
                .containsExactly("apply", "bob@ci");
        assertThat(second.approved()).extracting(Attribution::what, Attribution::by)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("resume at step manual-approval", "carol@desk"));
        assertThat(second.spec()).contains("reviews: reviews-v2 (new)");
        assertThat(second.phase()).isEqualTo(GenerationPhase.SUCCEEDED);
        assertThat(second.message()).isEqualTo("generation 2 succeeded");
        assertThat(second.stopped()).isNull();

        // Temporal's own history names the same senders: the client's identity is the header's name.
        List<String> identities = everyRun().stream().flatMap(run -> run.getEvents().stream())
                .filter(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
                .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getMeta()
                        .getIdentity())
                .toList();
        assertThat(identities).containsExactly("alice@laptop", "bob@ci", "carol@desk");

        replayEveryRun();
    }

    @Test
    void anApplyBySignalWithStartARollbackAndADeleteAreRecordedWithTheirSenders() throws Exception {
        // The starter's fallback when no worker polls: its signal carries the start's header, which the test server
        // does not copy to the signal event; the apply's payload names the sender as well.
        applySignal("alice@laptop", DeliveryTestbed.reference("first-deploy.yaml"));
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        applySignal("alice@laptop", DeliveryTestbed.reference("rollout-v2.yaml"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        stub("erin@ops").rollbackUpdate();
        ApplicationStatus rolledBack = testbed.awaitPhase(ID, 2, GenerationPhase.ROLLED_BACK);
        assertThat(events(rolledBack)).anyMatch(m -> m.matches("rollback by erin@ops at " + CLOCK
                + ": generation 2 is rolled back from step manual-approval"));
        assertThat(events(rolledBack)).anyMatch(m -> m.matches("generation 1 applied by alice@laptop at " + CLOCK));

        // By signal: a real server keeps the signal's header; Temporal's test server drops it, and the workflow
        // then says where Temporal's history names the sender.
        stub("frank@ops").delete();
        testbed.client.newUntypedWorkflowStub(ID).getResult(30, TimeUnit.SECONDS, Void.class);
        ApplicationStatus deleted = testbed.status(ID);
        assertThat(events(deleted)).anyMatch(m -> m.matches("delete by (frank@ops|an unnamed sender \\(signal event"
                + " \\d+ of run [-0-9a-f]+\\)) at " + CLOCK
                + ": everything book-info created is deleted, then the workflow completes"));

        List<GenerationRecord> generations = testbed.existing(ID).history();
        assertThat(generations).extracting(GenerationRecord::generation).containsExactly(1, 2);
        GenerationRecord second = generations.get(1);
        assertThat(second.applied().by()).isEqualTo("alice@laptop");
        assertThat(second.stopped()).extracting(Attribution::what, Attribution::by)
                .containsExactly("rollback", "erin@ops");
        assertThat(second.phase()).isEqualTo(GenerationPhase.ROLLED_BACK);

        // Temporal's history names the signal's sender: the client's identity.
        List<String> signalled = everyRun().stream().flatMap(run -> run.getEvents().stream())
                .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
                .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName() + " "
                        + e.getWorkflowExecutionSignaledEventAttributes().getIdentity())
                .toList();
        assertThat(signalled).contains("apply alice@laptop", "delete frank@ops");

        replayEveryRun();
    }

    @Test
    void aSignalOrUpdateWithoutTheHeaderIsRecordedAsFromAnUnnamedSenderWithWhereTemporalNamesIt() {
        applyUpdate("alice@laptop", DeliveryTestbed.reference("first-deploy.yaml"), "apply-1");
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        applyUpdate("alice@laptop", DeliveryTestbed.reference("rollout-v2.yaml"), "apply-2");
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        // What temporal workflow signal --workflow-id default.book-info --name resume sends: no header.
        testbed.client.newUntypedWorkflowStub(ID).signal("resume");
        ApplicationStatus status = testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);
        String runId = runOf(status);
        assertThat(events(status)).anyMatch(m -> m.matches("resumed by an unnamed sender \\(signal event \\d+ of run "
                + runId + "\\) at " + CLOCK + ": generation 2 continues from step manual-approval"));
        // The event it names is the signal: Temporal's history holds its sender's identity.
        long event = Long.parseLong(events(status).stream().filter(m -> m.startsWith("resumed by"))
                .findFirst().orElseThrow().replaceAll(".*signal event (\\d+) .*", "$1"));
        HistoryEvent signalled = testbed.client.fetchHistory(ID, runId).getEvents().stream()
                .filter(e -> e.getEventId() == event).findFirst().orElseThrow();
        assertThat(signalled.getWorkflowExecutionSignaledEventAttributes().getSignalName()).isEqualTo("resume");
        assertThat(signalled.getWorkflowExecutionSignaledEventAttributes().getIdentity()).isNotEmpty();

        applyUpdate("alice@laptop", DeliveryTestbed.reference("first-deploy.yaml"), "apply-3");
        testbed.awaitPhase(ID, 3, GenerationPhase.SUCCEEDED);
        applyUpdate("alice@laptop", DeliveryTestbed.reference("rollout-v2.yaml"), "apply-4");
        testbed.awaitPhase(ID, 4, GenerationPhase.SUSPENDED);
        // What temporal workflow update execute --name resume sends: no header either.
        testbed.client.newUntypedWorkflowStub(ID).startUpdate(UpdateOptions.newBuilder(UpdateAnswer.class)
                .setUpdateName("resume").setUpdateId("cli-resume-1")
                .setWaitForStage(WorkflowUpdateStage.COMPLETED).build()).getResult();
        ApplicationStatus after = testbed.awaitPhase(ID, 4, GenerationPhase.SUCCEEDED);
        assertThat(events(after)).anyMatch(m -> m.matches("resumed by an unnamed sender \\(update cli-resume-1\\) at "
                + CLOCK + ": generation 4 continues from step manual-approval"));
        assertThat(testbed.existing(ID).history().get(3).approved().get(0).by())
                .isEqualTo("an unnamed sender (update cli-resume-1)");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static List<String> events(ApplicationStatus status) {
        return status.events().stream().map(ApplicationStatus.StatusEvent::message).toList();
    }

    private String runOf(ApplicationStatus status) {
        // The run that handled the resume is the one generation 2 ran in: the one before the current one.
        String current = testbed.currentRun(ID).getRunId();
        WorkflowExecutionHistory history = testbed.client.fetchHistory(ID, current);
        String previous = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId();
        return previous.isEmpty() ? current : previous;
    }

    private ApplicationWorkflow stub(String sender) {
        return testbed.as(sender).newWorkflowStub(ApplicationWorkflow.class, ID);
    }

    /** What {@code starter apply} does, as {@code sender}: Update-with-Start of apply. */
    private UpdateAnswer applyUpdate(String sender, Application application, String updateId) {
        ApplicationWorkflow workflow = testbed.as(sender).newWorkflowStub(ApplicationWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.of(application.namespace(), application.name()))
                        .setTaskQueue(WorkflowIds.TASK_QUEUE)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        return WorkflowClient.executeUpdateWithStart(workflow::applyUpdate, new ApplyRequest(application, false),
                UpdateOptions.<UpdateAnswer>newBuilder().setUpdateId(updateId)
                        .setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
                new WithStartWorkflowOperation<>(workflow::run, WorkflowState.initial()));
    }

    /** The starter's fallback when no worker polls: signal-with-start of apply, as {@code sender}. */
    private void applySignal(String sender, Application application) {
        WorkflowClient as = testbed.as(sender);
        ApplicationWorkflow workflow = as.newWorkflowStub(ApplicationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.of(application.namespace(), application.name()))
                .setTaskQueue(WorkflowIds.TASK_QUEUE)
                .build());
        BatchRequest request = as.newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(application, false, sender));
        as.signalWithStart(request);
    }

    private List<WorkflowExecutionHistory> everyRun() {
        String runId = testbed.currentRun(ID).getRunId();
        List<WorkflowExecutionHistory> runs = new ArrayList<>();
        while (!runId.isEmpty()) {
            WorkflowExecutionHistory history = testbed.client.fetchHistory(ID, runId);
            runs.add(0, history);
            runId = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
                    .getContinuedExecutionRunId();
        }
        return runs;
    }

    /** Every run, replayed through the worker's interceptor: the senders are read from the history. */
    private void replayEveryRun() throws Exception {
        try (TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions
                .newBuilder().setWorkerFactoryOptions(dev.velatemporal.worker.VelaWorker.factoryOptions()).build())) {
            Worker worker = environment.newWorker("replay", WorkerOptions.newBuilder()
                    .setDefaultDeadlockDetectionTimeout(30_000).build());
            worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
            for (WorkflowExecutionHistory run : everyRun()) {
                WorkflowReplayer.replayWorkflowExecution(run, worker);
            }
        }
    }
}
