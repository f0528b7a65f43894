package dev.velatemporal.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock Kubernetes API in CRUD mode on an ephemeral loopback port, plus expectations answered before the
 * CRUD store (to inject faults). The client does not retry by itself (fabric8 retries 5xx answers ten times by
 * default), so a test sees each injected fault as the activity would on its last client-side attempt.
 */
public final class MockCluster implements AutoCloseable {

    /** The mock server logs every request through java.util.logging; held so the level sticks. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    public final KubernetesMockServer server;
    public final KubernetesClient client;

    private MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    public static MockCluster start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient template = server.createClient()) {
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(template.getConfiguration()).withRequestRetryBackoffLimit(0).build())
                    .build();
            return new MockCluster(server, client);
        }
    }

    /** The next {@code times} {@code method} requests to {@code path} are answered {@code code} with a Status. */
    public void fail(String method, String path, int code, String reason, String message, int times) {
        Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).build();
        var expectation = switch (method) {
            case "GET" -> server.expect().get();
            case "POST" -> server.expect().post();
            case "PATCH" -> server.expect().patch();
            case "PUT" -> server.expect().put();
            case "DELETE" -> server.expect().delete();
            default -> throw new IllegalArgumentException(method);
        };
        expectation.withPath(path).andReturn(code, status).times(times);
    }

    /** The requests {@code action} made, as {@code METHOD path}. */
    public List<String> requestsOf(Runnable action) {
        drainRequests();
        action.run();
        return drainRequests();
    }

    private List<String> drainRequests() {
        List<String> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                requests.add(request.getMethod() + " " + request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return requests;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
