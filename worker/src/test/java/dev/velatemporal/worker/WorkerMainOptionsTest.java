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

        assertThat(worker.allowedNamespaces).containsExactly("team-a", "team-b");
        assertThat(worker.metricsPort).isEqualTo(9090);
        assertThat(worker.logFormat).isEqualTo(LogFormat.JSON);
    }

    @Test
    void byDefaultAnyNamespaceNoMetricsAndTextLogs() {
        WorkerMain worker = new WorkerMain();
        new CommandLine(worker).parseArgs();

        assertThat(worker.allowedNamespaces).isEmpty();
        assertThat(worker.metricsPort).isNull();
        assertThat(worker.logFormat).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void anUnknownLogFormatIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new WorkerMain()).setErr(new PrintWriter(err)).execute("--log-format", "xml");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown log format xml; use text or json");
    }
}
