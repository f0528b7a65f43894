package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.GenerationPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code starter reconcile APP}: the {@code reconcile} signal, sent only when a repair can run. */
class ReconcileCommandTest {

    FakeFrontend temporal;

    @AfterEach
    void stop() {
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void anIdleApplicationGetsTheSignalAndTheCommandSaysSo() {
        temporal = FakeFrontend.start().pollers(1)
                .running("default", "book-info", "succeeded", "reviews-v2")
                .answers("default.book-info", "status",
                        Statuses.finished("book-info", 2, GenerationPhase.SUCCEEDED, "generation 2 succeeded"));

        StarterRun run = StarterRun.of("reconcile", "book-info", "--address", temporal.address());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().findFirst().orElseThrow())
                .isEqualTo("book-info (namespace default): reconcile sent to workflow default.book-info");
        assertThat(temporal.calls()).contains("SignalWorkflowExecution reconcile");
    }

    @Test
    void aSuspendedGenerationIsNotReconciledAndNothingIsSent() {
        temporal = FakeFrontend.start().pollers(1)
                .running("default", "book-info", "suspended", "reviews-v2")
                .answers("default.book-info", "status", Statuses.suspended("default"));

        StarterRun run = StarterRun.of("reconcile", "book-info", "--address", temporal.address());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OPERATIONAL);
        assertThat(run.err()).isEqualTo("error: nothing reconciled: book-info generation 2 is suspended, and drift"
                + " is repaired only between generations\n");
        assertThat(temporal.calls()).noneMatch(call -> call.startsWith("SignalWorkflowExecution"));
    }

    @Test
    void anUnknownApplicationIsOneLine() {
        temporal = FakeFrontend.start().pollers(1);

        StarterRun run = StarterRun.of("reconcile", "no-such-app", "--address", temporal.address());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OPERATIONAL);
        assertThat(run.err()).startsWith("error: no application no-such-app in namespace default");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }
}
