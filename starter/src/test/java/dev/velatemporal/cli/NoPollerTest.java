package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Temporal that can list a task queue's pollers (a real server; here a fake frontend that answers as one) and
 * no worker polling {@code vela-applications}: the CLI says so at once, without waiting for a query.
 */
class NoPollerTest {

    static final String FIRST_DEPLOY = "../examples/bookinfo/first-deploy.yaml";

    private FakeFrontend temporal;

    @BeforeAll
    static void loadTheClasses() {
        // A JVM's first connection loads the SDK, gRPC and Jackson (seconds on a busy machine): not what is timed.
        try (FakeFrontend warm = FakeFrontend.start()) {
            StarterRun.of("status", "book-info", "--address", warm.address());
        }
    }

    @BeforeEach
    void start() {
        temporal = FakeFrontend.start();
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    @Test
    void statusSaysNoWorkerPollsAtOnce() {
        temporal.pollers(0).running("default", "book-info", "suspended", "reviews-v2");

        NoWorkerTest.Timed run = NoWorkerTest.timed("status", "book-info", "--address", temporal.address());

        assertThat(run.took()).isLessThan(Duration.ofSeconds(2));
        assertThat(run.result().exitCode()).isEqualTo(1);
        NoWorkerTest.assertOneLine(run.result().err(), "error: no worker polls task queue vela-applications in"
                + " Temporal namespace default at " + temporal.address() + ": start one (bin/worker, or the dev"
                + " stack: bin/worker --dev), or give the queue yours polls with --task-queue");
        assertThat(temporal.calls()).doesNotContain("QueryWorkflow status");
    }

    @Test
    void aMissingApplicationIsMissingWhateverPolls() {
        temporal.pollers(0);

        StarterRun run = StarterRun.of("status", "shop", "--address", temporal.address());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no application shop in namespace default");
    }

    @Test
    void applyWarnsWhenNothingPollsAndStillApplies() {
        temporal.pollers(0);

        StarterRun run = StarterRun.of("apply", "-f", FIRST_DEPLOY, "--address", temporal.address());

        assertThat(run.exitCode()).isZero();
        NoWorkerTest.assertOneLine(run.err(), "warning: no worker polls task queue vela-applications in Temporal"
                + " namespace default at " + temporal.address() + ": the rollout starts once one does (bin/worker,"
                + " or the dev stack: bin/worker --dev)");
        assertThat(run.out()).contains("applied as generation 1 of workflow default.book-info");
        assertThat(temporal.calls()).contains("SignalWithStartWorkflowExecution");
    }

    @Test
    void applyWaitWithNothingPollingAppliesThenSaysSoInOneLine() {
        temporal.pollers(0);

        NoWorkerTest.Timed run = NoWorkerTest.timed("apply", "-f", FIRST_DEPLOY, "--wait", "--address",
                temporal.address());

        assertThat(run.took()).isLessThan(Duration.ofSeconds(2));
        assertThat(run.result().exitCode()).isEqualTo(1);
        NoWorkerTest.assertOneLine(run.result().err(), "error: book-info (namespace default) was applied, but no"
                + " worker polls task queue vela-applications to run it: start one (bin/worker, or the dev stack:"
                + " bin/worker --dev), then follow it with bin/starter watch book-info");
    }

    @Test
    void withAWorkerPollingTheStatusIsAsked() {
        temporal.pollers(1).running("default", "book-info", "suspended", "reviews-v2")
                .answers("default.book-info", "status", Statuses.suspended("default"));

        StarterRun run = StarterRun.of("status", "book-info", "--address", temporal.address());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("phase: suspended");
        assertThat(temporal.calls()).containsSubsequence("DescribeTaskQueue", "QueryWorkflow status");
    }
}
