package dev.velatemporal.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two probes deploy/kubernetes/deployment.yaml asks of the worker, on the metrics port: {@code /healthz} answers
 * while the process does, {@code /readyz} only while the worker polls its task queue.
 */
class MetricsServerTest {

    private final AtomicBoolean polling = new AtomicBoolean();
    private final MetricsServer server = MetricsServer.start(0, () -> "vela_rollouts_total 0\n", polling::get);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthzAnswersWhetherOrNotTheWorkerPolls() throws Exception {
        assertThat(get("/healthz")).isEqualTo("200 ok");
        polling.set(true);
        assertThat(get("/healthz")).isEqualTo("200 ok");
    }

    @Test
    void readyzIs503UntilTheWorkerPollsAndAgainOnceItStops() throws Exception {
        assertThat(get("/readyz")).isEqualTo("503 not polling");
        polling.set(true);
        assertThat(get("/readyz")).isEqualTo("200 ready");
        polling.set(false);
        assertThat(get("/readyz")).isEqualTo("503 not polling");
    }

    @Test
    void probesAndMetricsShareThePortAndTakeOnlyGetAndHead() throws Exception {
        assertThat(get("/metrics")).isEqualTo("200 vela_rollouts_total 0");
        HttpResponse<String> head = http.send(request("/healthz").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        HttpResponse<String> post = http.send(request("/readyz").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().strip();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path));
    }
}
