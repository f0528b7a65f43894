package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where Temporal is not: a refused port is reported in under a second, an unknown host in one line. */
class ConnectionErrorsTest {

    @Test
    void aRefusedPortIsReportedInUnderASecond() {
        String address = "localhost:" + TemporalWithoutWorker.freePort();
        // Loading the classes once is not what this measures (the JVM's start is not the connection's fault).
        StarterRun.of("status", "book-info", "--address", "localhost:" + TemporalWithoutWorker.freePort());

        NoWorkerTest.Timed run = NoWorkerTest.timed("status", "book-info", "--address", address);

        assertThat(run.took()).isLessThan(Duration.ofSeconds(1));
        assertThat(run.result().exitCode()).isEqualTo(1);
        NoWorkerTest.assertOneLine(run.result().err(), "error: cannot reach Temporal at " + address
                + " (connection refused): start the dev stack with bin/worker --dev, or point --address"
                + " (TEMPORAL_ADDRESS) at your Temporal frontend");
    }

    @Test
    void anUnknownHostIsOneLineAndNothingElseOnStderr() {
        StarterProcess.Result run = StarterProcess.run(Duration.ofSeconds(60), "status", "book-info",
                "--address", "no-such-host.invalid:7233");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: cannot reach Temporal at no-such-host.invalid:7233 (unknown host"
                + " no-such-host.invalid): point --address (TEMPORAL_ADDRESS) at your Temporal frontend, or start"
                + " the dev stack with bin/worker --dev\n");
    }

    @Test
    void aRefusedPortFromTheRealEntryPointPrintsNothingButTheLine() {
        String address = "127.0.0.1:" + TemporalWithoutWorker.freePort();

        StarterProcess.Result run = StarterProcess.run(Duration.ofSeconds(60), "apply", "-f",
                "../examples/bookinfo/first-deploy.yaml", "--wait", "--address", address);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1).allSatisfy(line -> assertThat(line)
                .startsWith("error: cannot reach Temporal at " + address + " (connection refused)")
                .doesNotContain("Exception", "\tat ", "WARN", "io.grpc"));
    }
}
