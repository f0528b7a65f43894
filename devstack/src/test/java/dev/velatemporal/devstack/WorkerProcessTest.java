package dev.velatemporal.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.worker.WorkerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production worker ({@code bin/worker}, the image's entry point) as a process, against the dev stack's
 * Temporal and sandbox API: the probes a Kubernetes Deployment asks answer, and SIGTERM (a pod's termination,
 * {@code docker stop}) stops it cleanly with exit code 0.
 */
@Timeout(180)
class WorkerProcessTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void servesItsProbesAndExitsZeroOnSigterm() throws Exception {
        try (DevStack stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200)));
                JavaProcess worker = JavaProcess.start(dir, WorkerMain.class, "--address", stack.temporalAddress(),
                        "--kubeconfig", stack.kubeconfig().toString(), "--task-queue", "sigterm-test",
                        "--metrics-port", "0", "--shutdown-grace", "2s")) {
            worker.awaitLine("^worker ready: Temporal at " + stack.temporalAddress(), START);
            Matcher metrics = worker.awaitLine("^metrics at (http://localhost:\\d+)/metrics \\(probes: /healthz,"
                    + " /readyz\\)$", START);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, metrics.group(1) + "/healthz")).isEqualTo("200 ok");
            assertThat(get(http, metrics.group(1) + "/readyz")).isEqualTo("200 ready");

            worker.terminate();
            assertThat(worker.awaitExit(STOP)).as(worker.transcript()).isZero();
            assertThat(worker.output()).as(worker.transcript()).endsWith("\nworker: SIGTERM received, stopping\n"
                    + "worker stopped cleanly (SIGTERM)\n");
            assertThat(worker.transcript()).doesNotContain("Exception", "\tat ");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().strip();
    }
}
