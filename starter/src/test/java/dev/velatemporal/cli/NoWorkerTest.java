package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Temporal up, no worker polling {@code vela-applications}: the dev stack's Temporal (the Java test server) with
 * its worker missing. The CLI must say so in one line within about 5 s, not after the SDK's minute of retries per
 * attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoWorkerTest {

    static final String FIRST_DEPLOY = "../examples/bookinfo/first-deploy.yaml";
    /** The bound the CLI promises (5 s) and the slack a loaded two-core machine needs. */
    static final Duration ABOUT_FIVE_SECONDS = Duration.ofSeconds(9);

    private TemporalWithoutWorker temporal;

    @BeforeAll
    void start() {
        temporal = TemporalWithoutWorker.start();
        // A workflow to ask about: Update-with-Start starts it, though no worker answers the update.
        StarterRun applied = StarterRun.of("apply", "-f", FIRST_DEPLOY, "--address", temporal.address());
        assertOneLine(applied.err(), "error: no worker answered the apply update of default.book-info within 5 s:"
                + " start a worker on task queue vela-applications (bin/worker, or the dev stack: bin/worker --dev),"
                + " or give the queue yours polls with --task-queue");
    }

    @AfterAll
    void stop() {
        temporal.close();
    }

    @Test
    void theTestServerCannotListATaskQueuesPollers() {
        // Why the CLI cannot say "no poller" up front on the dev stack's Temporal: DescribeTaskQueue is not there.
        // What it can honestly do instead is give the status query 5 s and then say no worker answered.
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address()).build());
        try {
            assertThatThrownBy(() -> stubs.blockingStub().describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                    .setNamespace("default")
                    .setTaskQueue(TaskQueue.newBuilder().setName("vela-applications"))
                    .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                    .build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        } finally {
            stubs.shutdownNow();
        }
    }

    @Test
    void statusSaysNoWorkerAnsweredInOneLineWithinAboutFiveSeconds() {
        Timed run = timed("status", "book-info", "--address", temporal.address());

        assertThat(run.took()).isLessThan(ABOUT_FIVE_SECONDS);
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertOneLine(run.result().err(), "error: no worker answered the status query of default.book-info within"
                + " 5 s: start a worker on task queue vela-applications (bin/worker, or the dev stack: bin/worker"
                + " --dev), or give the queue yours polls with --task-queue");
    }

    @Test
    void applyWaitGivesUpWithinAboutFiveSecondsNotItsTimeout() {
        Timed run = timed("apply", "-f", FIRST_DEPLOY, "--wait", "--timeout", "20s", "--address",
                temporal.address());

        assertThat(run.took()).isLessThan(ABOUT_FIVE_SECONDS);
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertOneLine(run.result().err(), "error: no worker answered the apply update of default.book-info within"
                + " 5 s: start a worker on task queue vela-applications (bin/worker, or the dev stack: bin/worker"
                + " --dev), or give the queue yours polls with --task-queue");
    }

    @Test
    void watchAndTheSignalsGiveUpAsSoon() {
        for (String command : new String[] {"watch", "rollback"}) {
            Timed run = timed(command, "book-info", "--address", temporal.address());

            assertThat(run.took()).as(command).isLessThan(ABOUT_FIVE_SECONDS);
            assertThat(run.result().exitCode()).as(command).isEqualTo(1);
            assertOneLine(run.result().err(), "error: no worker answered the status query of default.book-info"
                    + " within 5 s: start a worker on task queue vela-applications (bin/worker, or the dev stack:"
                    + " bin/worker --dev), or give the queue yours polls with --task-queue");
        }
    }

    @Test
    void fromTheRealEntryPointNothingButTheLineReachesTheTerminal() {
        StarterProcess.Result run = StarterProcess.run(Duration.ofSeconds(60), "status", "book-info", "--address",
                temporal.address());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertOneLine(run.err(), "error: no worker answered the status query of default.book-info within 5 s: start"
                + " a worker on task queue vela-applications (bin/worker, or the dev stack: bin/worker --dev), or"
                + " give the queue yours polls with --task-queue");
    }

    @Test
    void aMissingApplicationIsStillSaidToBeMissingAtOnce() {
        Timed run = timed("status", "no-such-app", "--address", temporal.address());

        assertThat(run.took()).isLessThan(Duration.ofSeconds(3));
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run.result().err()).startsWith("error: no application no-such-app in namespace default");
    }

    record Timed(StarterRun result, Duration took) {}

    static Timed timed(String... args) {
        Instant start = Instant.now();
        StarterRun run = StarterRun.of(args);
        return new Timed(run, Duration.between(start, Instant.now()));
    }

    static void assertOneLine(String err, String expected) {
        assertThat(err).isEqualTo(expected + "\n");
    }
}
