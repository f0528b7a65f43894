package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.worker.workflow.Outcome.Cause;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import dev.velatemporal.workflow.VelaSearchAttributes;
import dev.velatemporal.workflow.WorkflowIds;
import dev.velatemporal.workflow.WorkflowState;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outcome table of docs/behaviour.md ("Failure and compensation"), cell by cell: each interruption landed on
 * each place it can land, against activities faked in memory ({@link FakeCluster}), so a call can be held in
 * flight or failed for good at will. Each cell checks what a user checks: the generation's phase and message, the
 * step phases, and the cluster (replicas, ready pods, subsets, routes) against how it was before the generation.
 */
class OutcomeTableTest {

    static final String ID = "default.book-info";
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Past the default progress deadline (600 s), in test time. */
    static final Duration PAST_DEADLINE = Duration.ofSeconds(700);

    /** Where the interruption lands. */
    enum Landing {
        /** rollout-v2 suspended at manual-approval, waiting for resume. */
        WAITING,
        /** rollout-v2 at manual-approval with a duration: a timer runs. */
        TIMER,
        /** rollout-v2's first batch, while reviews-v1 is being scaled down (or reviews-v2 awaited). */
        ACTIVITY,
        /** The first deploy: four apply-component steps in parallel, details' apply in flight. */
        SIBLINGS,
        /** The rollback signal at manual-approval is being undone: reviews-v1 being scaled back up. */
        COMPENSATION
    }

    /**
     * One cell.
     *
     * @param phase the phase the generation ends with
     * @param compensated whether the cluster is exactly as before the generation (ready pods included)
     * @param message the generation's message, as a regular expression
     */
    record Cell(Cause cause, Landing landing, GenerationPhase phase, boolean compensated, String message) {
        @Override
        public String toString() {
            return cause + " while " + landing;
        }
    }

    static final String ROLLED_BACK_2 =
            "rolled back by the rollback signal at step manual-approval: everything is as before generation 2";

    static Stream<Cell> table() {
        return Stream.of(
                new Cell(Cause.NEW_APPLY, Landing.WAITING, GenerationPhase.FAILED, false,
                        "generation 2 was superseded at step manual-approval by a new apply"),
                new Cell(Cause.ROLLBACK, Landing.WAITING, GenerationPhase.ROLLED_BACK, true, ROLLED_BACK_2),
                new Cell(Cause.DELETE, Landing.WAITING, GenerationPhase.DELETED, false,
                        "the Application and everything it created were deleted"),
                new Cell(Cause.WORKFLOW_CANCEL, Landing.WAITING, GenerationPhase.ROLLED_BACK, true,
                        "the workflow was cancelled at step manual-approval; the changes of generation 2 were"
                                + " rolled back"),

                new Cell(Cause.NEW_APPLY, Landing.TIMER, GenerationPhase.FAILED, false,
                        "generation 2 was superseded at step manual-approval by a new apply"),
                new Cell(Cause.ROLLBACK, Landing.TIMER, GenerationPhase.ROLLED_BACK, true, ROLLED_BACK_2),
                new Cell(Cause.DELETE, Landing.TIMER, GenerationPhase.DELETED, false,
                        "the Application and everything it created were deleted"),
                new Cell(Cause.WORKFLOW_CANCEL, Landing.TIMER, GenerationPhase.ROLLED_BACK, true,
                        "the workflow was cancelled at step manual-approval; the changes of generation 2 were"
                                + " rolled back"),

                new Cell(Cause.NEW_APPLY, Landing.ACTIVITY, GenerationPhase.FAILED, false,
                        "generation 2 was superseded at step rollout-1st-batch by a new apply"),
                new Cell(Cause.ROLLBACK, Landing.ACTIVITY, GenerationPhase.ROLLED_BACK, true,
                        "rolled back by the rollback signal at step rollout-1st-batch: everything is as before"
                                + " generation 2"),
                new Cell(Cause.DELETE, Landing.ACTIVITY, GenerationPhase.DELETED, false,
                        "the Application and everything it created were deleted"),
                new Cell(Cause.WORKFLOW_CANCEL, Landing.ACTIVITY, GenerationPhase.ROLLED_BACK, true,
                        "the workflow was cancelled at step rollout-1st-batch; the changes of generation 2 were"
                                + " rolled back"),
                new Cell(Cause.STEP_FAILURE, Landing.ACTIVITY, GenerationPhase.FAILED, true,
                        "step rollout-1st-batch failed: forbidden; the changes of generation 2 were rolled back"),
                new Cell(Cause.PROGRESS_DEADLINE, Landing.ACTIVITY, GenerationPhase.FAILED, true,
                        "step rollout-1st-batch failed: reviews-v2 did not have 1 ready replica within its"
                                + " progress deadline of 600s; the changes of generation 2 were rolled back"),

                new Cell(Cause.NEW_APPLY, Landing.SIBLINGS, GenerationPhase.FAILED, false,
                        "generation 1 was superseded at step \\S+ by a new apply"),
                new Cell(Cause.ROLLBACK, Landing.SIBLINGS, GenerationPhase.ROLLED_BACK, true,
                        "rolled back by the rollback signal at step \\S+: everything is as before generation 1"),
                new Cell(Cause.DELETE, Landing.SIBLINGS, GenerationPhase.DELETED, false,
                        "the Application and everything it created were deleted"),
                new Cell(Cause.WORKFLOW_CANCEL, Landing.SIBLINGS, GenerationPhase.ROLLED_BACK, true,
                        "the workflow was cancelled at step \\S+; the changes of generation 1 were rolled back"),
                new Cell(Cause.STEP_FAILURE, Landing.SIBLINGS, GenerationPhase.FAILED, true,
                        "step ratings failed: forbidden; the changes of generation 1 were rolled back"),
                new Cell(Cause.PROGRESS_DEADLINE, Landing.SIBLINGS, GenerationPhase.FAILED, true,
                        "step ratings failed: ratings did not have 1 ready replica within its progress deadline of"
                                + " 600s; the changes of generation 1 were rolled back"),

                // During compensation the rollback has already decided the outcome; a second signal is queued
                // (apply), done afterwards (delete), recorded (rollback) or ends the run afterwards (cancel).
                new Cell(Cause.NEW_APPLY, Landing.COMPENSATION, GenerationPhase.ROLLED_BACK, true, ROLLED_BACK_2),
                new Cell(Cause.ROLLBACK, Landing.COMPENSATION, GenerationPhase.ROLLED_BACK, true, ROLLED_BACK_2),
                new Cell(Cause.DELETE, Landing.COMPENSATION, GenerationPhase.DELETED, false,
                        "the Application and everything it created were deleted"),
                new Cell(Cause.WORKFLOW_CANCEL, Landing.COMPENSATION, GenerationPhase.ROLLED_BACK, true,
                        ROLLED_BACK_2),
                // An undo that fails for good, or a restored revision not ready in time: failed, and said.
                new Cell(Cause.STEP_FAILURE, Landing.COMPENSATION, GenerationPhase.FAILED, false,
                        "the rollback signal at step manual-approval could not undo generation 2: could not scale"
                                + " reviews-v1 back to 2 replicas: forbidden"),
                new Cell(Cause.PROGRESS_DEADLINE, Landing.COMPENSATION, GenerationPhase.FAILED, false,
                        "the rollback signal at step manual-approval could not undo generation 2: could not get"
                                + " reviews-v1 ready at 2 replicas: reviews-v1 did not have 2 ready replicas within"
                                + " its progress deadline of 600s"));
    }

    TestWorkflowEnvironment temporal;
    WorkflowClient client;
    FakeCluster cluster;
    /** Holds the generation a queued apply starts, so the test sees the cluster as the interrupted one left it. */
    FakeCluster.Gate nextGeneration;

    @BeforeEach
    void start() {
        cluster = new FakeCluster();
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
                        .setRpcQueryTimeout(Duration.ofSeconds(1))
                        .build())
                .build());
        VelaSearchAttributes.definitions().forEach(temporal::registerSearchAttribute);
        Worker worker = temporal.newWorker(WorkflowIds.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
        worker.registerActivitiesImplementations(cluster);
        worker.registerActivitiesImplementations(ReconcileSchedule.every(java.time.Duration.ZERO));
        temporal.start();
        client = temporal.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        if (nextGeneration != null) {
            nextGeneration.release();
        }
        temporal.close();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.api.Timeout(60)
    @MethodSource("table")
    void eachInterruptionEndsAsTheTableSays(Cell cell) {
        // -Dcell='ROLLBACK while SIBLINGS' runs one cell
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getProperty("cell") == null || System.getProperty("cell").equals(cell.toString()));
        String before;
        WorkflowExecution run;
        if (cell.landing() == Landing.SIBLINGS) {
            before = cluster.state();
            FakeCluster.Gate details = cluster.holdOn("apply details");
            // ratings fails while its siblings' applies are in flight, not while one completes (see below).
            List<FakeCluster.Gate> others = cell.cause() == Cause.STEP_FAILURE
                    ? List.of(cluster.holdOn("apply productpage"), cluster.holdOn("apply reviews"))
                    : List.of();
            arrange(cell.cause(), "await ratings 1");
            apply(DeliveryTestbed.reference("first-deploy.yaml"), false);
            details.awaitEntered();
            run = currentRun();
            if (cell.cause() != Cause.STEP_FAILURE && cell.cause() != Cause.PROGRESS_DEADLINE) {
                // The signal lands while details' apply is in flight and the other steps are done. Not while one
                // of theirs completes: the test server then refuses the cancellation of an activity that
                // completed in the same workflow task (ACTIVITY_UNKNOWN, temporalio/sdk-java#2391; the real
                // server accepts it), and the run is stuck.
                awaitStatus(s -> s.steps().stream().filter(step -> step.phase() == StepPhase.SUCCEEDED).count()
                        == 3, "every step but details to succeed");
            }
            if (cell.cause() == Cause.PROGRESS_DEADLINE) {
                details.release(); // the test server skips time only while no activity runs
            }
            interrupt(cell.cause(), "first-deploy.yaml");
            DeliveryTestbed.sleep(300); // details' apply lands after the interruption or failure
            details.release();
            others.forEach(FakeCluster.Gate::release);
        } else {
            apply(DeliveryTestbed.reference("first-deploy.yaml"), false);
            awaitStatus(s -> s.generation() == 1 && s.phase() == GenerationPhase.SUCCEEDED, "generation 1");
            before = cluster.state();
            run = landOnGenerationTwo(cell);
        }

        ApplicationStatus end = endOf(run);

        assertThat(end.phase()).as("phase; message %s", end.message()).isEqualTo(cell.phase());
        assertThat(end.message()).matches(cell.message());
        if (cell.phase() == GenerationPhase.DELETED) {
            assertThat(cluster.state()).isEqualTo("deployments ; objects []; subsets {}; routes ");
        } else if (cell.compensated()) {
            assertThat(cluster.state()).as("the cluster, as before the generation").isEqualTo(before);
            assertThat(end.steps()).extracting(ApplicationStatus.StepStatus::phase)
                    .doesNotContain(StepPhase.RUNNING, StepPhase.SUSPENDED);
        } else if (cell.cause() == Cause.NEW_APPLY) {
            // Nothing undone: no write of the interrupted generation was reverted.
            assertThat(cluster.writes()).noneMatch(w -> w.startsWith("delete"));
            assertThat(end.steps()).extracting(ApplicationStatus.StepStatus::phase).contains(StepPhase.CANCELLED);
        }
        if (cell.cause() == Cause.STEP_FAILURE && cell.landing() != Landing.COMPENSATION) {
            assertThat(end.steps()).filteredOn(s -> s.phase() == StepPhase.FAILED).singleElement()
                    .satisfies(s -> assertThat(end.message()).startsWith("step " + s.name() + " failed"));
        }
        if (cell.landing() == Landing.COMPENSATION && cell.phase() == GenerationPhase.FAILED) {
            assertThat(end.events()).extracting(ApplicationStatus.StatusEvent::message)
                    .anyMatch(m -> m.startsWith("the undo of generation 2 could not"));
        }
        if (cell.cause() == Cause.WORKFLOW_CANCEL) {
            assertThat(executionStatus(run)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
        }
    }

    /**
     * Rolled back at the approval with no fault: capacity first (reviews-v1 scaled back and ready), then the
     * traffic, then the canary goes. Undoing in plain reverse order sent all the traffic back to reviews-v1 while
     * it had 1 of its 2 pods.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void compensationRestoresCapacityBeforeTrafficAndRemovesTheCanaryLast() {
        apply(DeliveryTestbed.reference("first-deploy.yaml"), false);
        awaitStatus(s -> s.generation() == 1 && s.phase() == GenerationPhase.SUCCEEDED, "generation 1");
        String before = cluster.state();
        apply(DeliveryTestbed.reference("rollout-v2.yaml"), false);
        awaitStatus(s -> s.generation() == 2 && s.phase() == GenerationPhase.SUSPENDED, "approval");
        int from = cluster.writes().size();

        workflow().rollback();
        ApplicationStatus end = awaitStatus(s -> s.generation() == 2 && s.phase() == GenerationPhase.ROLLED_BACK,
                "rolled back");

        List<String> undo = cluster.writes().subList(from, cluster.writes().size());
        assertThat(undo).extracting(w -> w.substring(0, w.indexOf(" ["))).containsExactly(
                "scale reviews-v1 2",
                "weights reviews",
                "subsets reviews reviews-v1",
                "scale reviews-v2 0",
                "delete Deployment reviews-v2");
        assertThat(undo.get(1)).as("the route goes back only once reviews-v1 is ready at 2")
                .contains("reviews-v1=2");
        assertThat(cluster.state()).isEqualTo(before);
        assertThat(end.components()).singleElement().satisfies(reviews -> assertThat(reviews.revisions())
                .singleElement().satisfies(v1 -> {
                    assertThat(v1.name()).isEqualTo("reviews-v1");
                    assertThat(v1.readyReplicas()).isEqualTo(2);
                }));
    }

    /** A refused spec changed nothing, so it is not what delete walks: the last valid spec is (seen 7). */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aRefusedSpecIsNotWhatDeleteWalks() {
        Application valid = DeliveryTestbed.reference("first-deploy.yaml");
        apply(valid, false);
        awaitStatus(s -> s.generation() == 1 && s.phase() == GenerationPhase.SUCCEEDED, "generation 1");
        dev.velatemporal.model.Component ratings = valid.components().stream()
                .filter(c -> c.name().equals("ratings")).findFirst().orElseThrow();
        List<dev.velatemporal.model.Component> components = new java.util.ArrayList<>(valid.components());
        components.add(new dev.velatemporal.model.Component("Not_A_Label", ratings.type(), ratings.properties(),
                ratings.traits()));
        Application invalid = new Application(valid.metadata(),
                new dev.velatemporal.model.ApplicationSpec(components, valid.spec().workflow()));
        apply(invalid, false);
        awaitStatus(s -> s.generation() == 2 && s.phase() == GenerationPhase.FAILED, "the refusal");

        workflow().delete();
        ApplicationStatus end = awaitStatus(s -> s.phase() == GenerationPhase.DELETED, "deleted");

        assertThat(end.message()).isEqualTo("the Application and everything it created were deleted");
        assertThat(cluster.state()).isEqualTo("deployments ; objects []; subsets {}; routes ");
        assertThat(cluster.writes()).filteredOn(w -> w.startsWith("delete")).isNotEmpty()
                .noneMatch(w -> w.contains("Not_A_Label"));
    }

    // --- landing an interruption ------------------------------------------------------------------------------

    private WorkflowExecution landOnGenerationTwo(Cell cell) {
        Application rollout = cell.landing() == Landing.TIMER ? withApprovalDuration() :
                DeliveryTestbed.reference("rollout-v2.yaml");
        String file = "rollout-v2.yaml";
        switch (cell.landing()) {
            case WAITING, TIMER -> {
                apply(rollout, false);
                awaitStatus(s -> s.generation() == 2 && s.phase() == GenerationPhase.SUSPENDED, "approval");
                WorkflowExecution run = currentRun();
                interrupt(cell.cause(), file);
                return run;
            }
            case ACTIVITY -> {
                if (cell.cause() == Cause.STEP_FAILURE || cell.cause() == Cause.PROGRESS_DEADLINE) {
                    arrange(cell.cause(), cell.cause() == Cause.STEP_FAILURE ? "scale reviews-v1 1"
                            : "await reviews-v2 1");
                    apply(rollout, false);
                    WorkflowExecution run = currentRunOfGeneration(2);
                    interrupt(cell.cause(), file);
                    return run;
                }
                FakeCluster.Gate gate = cluster.holdOn("scale reviews-v1 1");
                apply(rollout, false);
                gate.awaitEntered();
                WorkflowExecution run = currentRun();
                interrupt(cell.cause(), file);
                DeliveryTestbed.sleep(300); // the write lands after the cancellation
                gate.release();
                return run;
            }
            case COMPENSATION -> {
                apply(rollout, false);
                awaitStatus(s -> s.generation() == 2 && s.phase() == GenerationPhase.SUSPENDED, "approval");
                WorkflowExecution run = currentRun();
                FakeCluster.Gate gate = null;
                if (cell.cause() == Cause.STEP_FAILURE || cell.cause() == Cause.PROGRESS_DEADLINE) {
                    arrange(cell.cause(), cell.cause() == Cause.STEP_FAILURE ? "scale reviews-v1 2"
                            : "await reviews-v1 2");
                } else {
                    gate = cluster.holdOn("scale reviews-v1 2");
                }
                workflow().rollback();
                if (cell.cause() == Cause.PROGRESS_DEADLINE) {
                    DeliveryTestbed.sleep(300);
                    interrupt(cell.cause(), file);
                }
                if (gate != null) {
                    gate.awaitEntered();
                    if (cell.cause() == Cause.NEW_APPLY) {
                        // The queued apply runs as generation 3 once the undo is done; it creates reviews-v2
                        // again, which is right, but not what this cell checks.
                        nextGeneration = cluster.holdOn("create reviews-v2");
                    }
                    interrupt(cell.cause(), file);
                    DeliveryTestbed.sleep(300);
                    gate.release();
                }
                return run;
            }
            default -> throw new IllegalArgumentException(cell.landing().name());
        }
    }

    /** Sends the interruption; a failure or deadline was arranged beforehand, a deadline needs its time. */
    private void interrupt(Cause cause, String file) {
        switch (cause) {
            case NEW_APPLY -> apply(DeliveryTestbed.reference(file), true);
            case ROLLBACK -> workflow().rollback();
            case DELETE -> workflow().delete();
            case WORKFLOW_CANCEL -> client.newUntypedWorkflowStub(ID).cancel();
            case PROGRESS_DEADLINE -> temporal.sleep(PAST_DEADLINE);
            case STEP_FAILURE -> { }
        }
    }

    /** A failure for good on {@code call}, or a wait there that never succeeds, as the cause needs. */
    private void arrange(Cause cause, String call) {
        if (cause == Cause.STEP_FAILURE) {
            cluster.failOn(call, "forbidden");
        } else if (cause == Cause.PROGRESS_DEADLINE) {
            cluster.unavailableOn(call);
        }
    }

    private static Application withApprovalDuration() {
        try {
            Path file = Files.createTempFile("rollout-v2-timed", ".yaml");
            String yaml = Files.readString(DeliveryTestbed.REFERENCE.resolve("rollout-v2.yaml"));
            Files.writeString(file, yaml.replace("        type: suspend\n",
                    "        type: suspend\n        properties:\n          duration: 1h\n"));
            Application application = DeliveryTestbed.load(file);
            Files.delete(file);
            return application;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- the workflow, as a user drives and reads it -----------------------------------------------------------

    private ApplicationWorkflow workflow() {
        return client.newWorkflowStub(ApplicationWorkflow.class, ID);
    }

    private void apply(Application application, boolean force) {
        ApplicationWorkflow workflow = client.newWorkflowStub(ApplicationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(ID).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(application, force));
        client.signalWithStart(request);
    }

    private WorkflowExecution currentRun() {
        return describe(WorkflowExecution.newBuilder().setWorkflowId(ID).build()).getExecution();
    }

    private WorkflowExecution currentRunOfGeneration(int generation) {
        awaitStatus(s -> s.generation() == generation, "generation " + generation);
        return currentRun();
    }

    private WorkflowExecutionStatus executionStatus(WorkflowExecution run) {
        return describe(run).getStatus();
    }

    private io.temporal.api.workflow.v1.WorkflowExecutionInfo describe(WorkflowExecution execution) {
        return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(execution)
                        .build())
                .getWorkflowExecutionInfo();
    }

    /**
     * The status as the run left it: the state it continued as new with, or (a run that ended: delete, cancel) its
     * final status.
     */
    private ApplicationStatus endOf(WorkflowExecution run) {
        waitUntil(() -> executionStatus(run) != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                "the run to end");
        for (HistoryEvent event : client.fetchHistory(ID, run.getRunId()).getEvents()) {
            if (event.hasWorkflowExecutionContinuedAsNewEventAttributes()) {
                WorkflowState carried = client.getOptions().getDataConverter().fromPayloads(0,
                        Optional.of(event.getWorkflowExecutionContinuedAsNewEventAttributes().getInput()),
                        WorkflowState.class, WorkflowState.class);
                return carried.status();
            }
        }
        return workflow().status();
    }

    private ApplicationStatus awaitStatus(java.util.function.Predicate<ApplicationStatus> condition, String what) {
        ApplicationStatus[] last = new ApplicationStatus[1];
        waitUntil(() -> {
            last[0] = workflow().status();
            return condition.test(last[0]);
        }, what);
        return last[0];
    }

    private static void waitUntil(Supplier<Boolean> condition, String what) {
        Waits.until(condition, what, PATIENCE);
    }
}
