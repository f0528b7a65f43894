package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code starter reconcile APP} against an application that does not exist; the update itself, its answer and its
 * refusals run on the dev stack ({@code UpdatesCliTest} in the demo module).
 */
class ReconcileCommandTest {

    FakeFrontend temporal;

    @AfterEach
    void stop() {
        if (temporal != null) {
            temporal.close();
        }
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
