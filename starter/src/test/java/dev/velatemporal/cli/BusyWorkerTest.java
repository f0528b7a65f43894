package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query unanswered for 5 s on a server that cannot list pollers (the dev stack's): the workflow's history tells a
 * busy worker (a cold JVM's first workflow task, a failed task being retried) from none at all.
 */
class BusyWorkerTest {

    private FakeFrontend temporal;

    @BeforeAll
    static void loadTheClasses() {
        try (FakeFrontend warm = FakeFrontend.start()) {
            StarterRun.of("status", "book-info", "--address", warm.address());
        }
    }

    @BeforeEach
    void start() {
        temporal = FakeFrontend.start().pollersUnknown()
                .running("default", "book-info", "suspended", "reviews-v2")
                .answers("default.book-info", "status", Statuses.suspended("default"));
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    @Test
    void aWorkerThatTookATaskJustNowIsWaitedFor() {
        temporal.taskTaken("default.book-info", Instant.now()).busyFor(Duration.ofSeconds(7));

        StarterRun run = StarterRun.of("status", "book-info", "--address", temporal.address());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("phase: suspended");
    }

    @Test
    void aWorkerBusyForLongerThanItsPatienceIsSaidToBeBusy() {
        temporal.taskTaken("default.book-info", Instant.now()).busyFor(Duration.ofMinutes(5));

        NoWorkerTest.Timed run = NoWorkerTest.timed("watch", "book-info", "--timeout", "8s", "--address",
                temporal.address());

        assertThat(run.took()).isLessThan(Duration.ofSeconds(13));
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run.result().err()).matches("error: a worker took tasks of default.book-info within the last"
                + " minute but has not answered its status query in \\d+ s: it is busy or failing \\(see its log\\);"
                + " try again shortly, or follow it with bin/starter watch book-info\n");
    }

    @Test
    void aWorkerGoneForMinutesIsNoWorker() {
        temporal.taskTaken("default.book-info", Instant.now().minus(Duration.ofMinutes(10)))
                .busyFor(Duration.ofMinutes(5));

        NoWorkerTest.Timed run = NoWorkerTest.timed("status", "book-info", "--address", temporal.address());

        assertThat(run.took()).isLessThan(NoWorkerTest.ABOUT_FIVE_SECONDS);
        assertThat(run.result().exitCode()).isEqualTo(1);
        assertThat(run.result().err()).startsWith("error: no worker answered the status query of default.book-info"
                + " within 5 s: start a worker on task queue vela-applications");
    }
}
