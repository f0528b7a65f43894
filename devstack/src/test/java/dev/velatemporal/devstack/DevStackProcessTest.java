package dev.velatemporal.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.cli.StarterMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/worker --dev} as a user runs it: its own JVM, in a directory of its own, stopped with SIGTERM. */
@Timeout(180)
class DevStackProcessTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void saysWhereItsStateIsTheTrafficCommandFindsItAndSigtermStopsItCleanly() throws Exception {
        try (JavaProcess stack = JavaProcess.start(dir, DevStackMain.class, "--dev", "--temporal-port", "0",
                "--pod-ready-delay", "200ms", "--temporal", "embedded")) {
            Matcher ready = stack.awaitLine("^dev stack ready: Temporal at (localhost:(\\d+)) ", START);
            String address = ready.group(1);
            String kubeconfig = ".vela-temporal/sandbox-" + ready.group(2) + ".kubeconfig";
            stack.awaitLine("^kubeconfig: " + kubeconfig.replace(".", "\\.") + " \\(this dev stack's own", STOP);
            stack.awaitLine("^State: in memory only\\. .* gone when the dev stack stops\\.$", STOP);
            stack.awaitLine("^  bin/starter traffic book-info reviews --address " + address + "$", STOP);
            stack.awaitLine("^No Temporal UI: this is the embedded Temporal\\. Run bin/install-temporal-cli", STOP);
            assertThat(dir.resolve(kubeconfig)).isRegularFile();

            // From the same directory, with the address the stack printed and no --kubeconfig: the stack's own
            // sandbox answers (and has no bookinfo yet).
            try (JavaProcess traffic = JavaProcess.start(dir, StarterMain.class, "traffic", "book-info", "reviews",
                    "--address", address)) {
                assertThat(traffic.awaitExit(START)).as(traffic.transcript()).isEqualTo(1);
                assertThat(traffic.transcript()).contains("no VirtualService reviews in namespace default")
                        .doesNotContain("no kubeconfig");
            }

            stack.terminate();
            assertThat(stack.awaitExit(STOP)).as(stack.transcript()).isZero();
            assertThat(stack.output()).as(stack.transcript()).endsWith("\ndev stack: SIGTERM received, stopping\n"
                    + "dev stack stopped cleanly (SIGTERM)\n");
            assertThat(stack.transcript()).doesNotContain("Exception", "\tat ");
            assertThat(dir.resolve(kubeconfig)).as("the stopped stack's kubeconfig").doesNotExist();

            try (JavaProcess traffic = JavaProcess.start(dir, StarterMain.class, "traffic", "book-info", "reviews",
                    "--address", address)) {
                assertThat(traffic.awaitExit(START)).isEqualTo(1);
                assertThat(traffic.transcript()).contains("no kubeconfig at " + kubeconfig + ": no dev stack with"
                        + " Temporal at " + address + " runs from this directory");
            }
        }
    }

    /**
     * With the Temporal CLI: its dev server runs as a child process, the stack prints the UI and the workflow's
     * page there, the UI answers, and SIGTERM stops the child too.
     */
    @Test
    void withTheTemporalCliItRunsTheRealDevServerAndItsUi() throws Exception {
        TemporalCliRequired.path();
        try (JavaProcess stack = JavaProcess.start(dir, DevStackMain.class, "--dev", "--temporal-port", "0",
                "--pod-ready-delay", "200ms", "--temporal", "cli")) {
            Matcher ready = stack.awaitLine("^dev stack ready: Temporal at (localhost:(\\d+)) ", START);
            int temporalPort = Integer.parseInt(ready.group(2));
            Matcher ui = stack.awaitLine("^Temporal UI: (http://127\\.0\\.0\\.1:(\\d+)) \\(book-info: "
                    + "http://127\\.0\\.0\\.1:\\d+/namespaces/default/workflows/default\\.book-info\\)$", STOP);
            int uiPort = Integer.parseInt(ui.group(2));
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui.group(1))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(stack.output()).doesNotContain("No Temporal UI");

            stack.terminate();
            assertThat(stack.awaitExit(STOP)).as(stack.transcript()).isZero();
            assertThat(stack.transcript()).doesNotContain("Exception", "\tat ");
            assertThat(dev.velatemporal.sandbox.FreePort.inUse(temporalPort)).as("the dev server's port").isFalse();
            assertThat(dev.velatemporal.sandbox.FreePort.inUse(uiPort)).as("the UI's port").isFalse();
        }
    }

    /** The dev server dying under the dev stack: the stack says so, with where the server's log is, and stops. */
    @Test
    void aCrashOfTheDevServerIsReportedAndStopsTheStack() throws Exception {
        TemporalCliRequired.path();
        try (JavaProcess stack = JavaProcess.start(dir, DevStackMain.class, "--dev", "--temporal-port", "0",
                "--temporal", "cli")) {
            stack.awaitLine("^dev stack ready: ", START);
            ProcessHandle server = stack.children().stream()
                    .filter(child -> child.info().command().orElse("").endsWith("temporal"))
                    .findFirst().orElseThrow(() -> new AssertionError("no temporal child: " + stack.children()));

            server.destroyForcibly();

            assertThat(stack.awaitExit(STOP)).as(stack.transcript()).isEqualTo(1);
            assertThat(stack.transcript()).containsPattern("stderr: dev stack: the Temporal dev server \\(temporal"
                    + " server start-dev\\) exited with code \\d+; its log: .*temporal-dev-\\d+\\.log; stopped");
        }
    }
}
