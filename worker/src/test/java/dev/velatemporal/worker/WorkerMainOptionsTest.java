package dev.velatemporal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.worker.logging.LogFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WorkerMainOptionsTest {

    @Test
    void theOperatorFlagsParse() {
        WorkerMain worker = new WorkerMain();
        new CommandLine(worker).parseArgs("--allowed-namespaces", "team-a,team-b", "--metrics-port", "9090",
                "--log-format", "json");

        assertThat(worker.flags.allowedNamespaces).containsExactly("team-a", "team-b");
        assertThat(worker.flags.metricsPort).isEqualTo(9090);
        assertThat(worker.flags.logFormat).isEqualTo(LogFormat.JSON);
    }

    @Test
    void byDefaultAnyNamespaceNoMetricsAndTextLogs() {
        WorkerMain worker = new WorkerMain();
        new CommandLine(worker).parseArgs();

        assertThat(worker.flags.allowedNamespaces).isEmpty();
        assertThat(worker.flags.metricsPort).isNull();
        assertThat(worker.flags.logFormat).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void anUnknownLogFormatIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new WorkerMain()).setErr(new PrintWriter(err)).execute("--log-format", "xml");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown log format xml; use text or json");
    }

    @Test
    void theProductionWorkerSaysWhereTheDevStackIs() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new WorkerMain()).setErr(new PrintWriter(err)).execute("--dev");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("the dev stack is not part of this build")
                .contains("bin/worker --dev").hasLineCount(1);
    }
}
