package dev.velatemporal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Records every write the sandbox API executed (dev and test only), whoever sent it, with what it changed: the
 * object as the store held it before and after, compared without the fields the store bumps on every write
 * ({@code resourceVersion}, {@code generation}). That tells an intended write executed twice (it changed the
 * object twice) from a no-op re-apply (the same JSON patch sent again by a retried activity: it changed nothing).
 *
 * <p>A client names itself with the header {@value #CLIENT_HEADER} (the simulated kubelet: {@code kubelet});
 * without it a write is recorded as {@code worker}'s, as a kubeconfig cannot add headers. The log is served at
 * {@value #PATH} as a JSON array, so a test in another process can read it.
 *
 * <p>Runs on the mock server's event loop, as the dispatcher it wraps: the before and after reads are requests
 * to that dispatcher, in memory, and nothing else can write between them.
 */
final class WriteRecorder extends Dispatcher {

    static final String CLIENT_HEADER = "X-Vela-Sandbox-Client";
    static final String PATH = "/sandbox/writes";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** One executed write; {@code code} is the store's answer. */
    record Write(long seq, String client, String method, String path, String object, String body, int code,
            boolean changed) {}

    private final Dispatcher next;
    /** Guarded by itself. */
    private final List<Write> writes = new ArrayList<>();

    WriteRecorder(Dispatcher next) {
        this.next = next;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = SandboxDispatcher.pathOf(request);
        String method = request.getMethod();
        if ("GET".equals(method) && PATH.equals(path)) {
            return SandboxDispatcher.json(200, log().toString());
        }
        if (!WRITES.contains(method) || !SandboxDispatcher.isObjectPath(path)) {
            return next.dispatch(request);
        }
        String body = FaultInjector.bodyOf(request); // before the store reads it out of the request
        String object = objectPath(method, path, body);
        JsonNode before = object == null ? null : read(object);
        MockResponse answer = next.dispatch(request);
        JsonNode after = object == null ? null : read(object);
        String client = Objects.requireNonNullElse(request.getHeader(CLIENT_HEADER), "worker");
        synchronized (writes) {
            writes.add(new Write(writes.size() + 1, client, method, request.getPath(), object, body, answer.code(),
                    answer.code() < 300 && !Objects.equals(before, after)));
        }
        return answer;
    }

    List<Write> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }

    @Override
    public void releaseResources() {
        next.releaseResources();
    }

    private ArrayNode log() {
        ArrayNode array = JSON.createArrayNode();
        for (Write write : writes()) {
            ObjectNode node = array.addObject();
            node.put("seq", write.seq());
            node.put("client", write.client());
            node.put("method", write.method());
            node.put("path", write.path());
            node.put("object", write.object());
            node.put("body", write.body());
            node.put("code", write.code());
            node.put("changed", write.changed());
        }
        return array;
    }

    /**
     * The object a write is about: its own path, without a {@code status} or {@code scale} subresource; for a
     * create (a POST to the collection), the collection path and the name in the body. Null when unknown.
     */
    static String objectPath(String method, String path, String body) {
        if ("POST".equals(method)) {
            JsonNode name = parse(body).path("metadata").path("name");
            return name.isTextual() ? path + "/" + name.asText() : null;
        }
        for (String subresource : List.of("/status", "/scale")) {
            if (path.endsWith(subresource)) {
                return path.substring(0, path.length() - subresource.length());
            }
        }
        return path;
    }

    /** The object as the store holds it, without what every write bumps; null when it does not exist. */
    private JsonNode read(String objectPath) {
        MockResponse answer = next.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, objectPath,
                Headers.builder().build(), new Buffer()));
        if (answer.code() != 200 || answer.getBody() == null) {
            return null;
        }
        JsonNode object = parse(new String(answer.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
        if (object.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove(List.of("resourceVersion", "generation", "managedFields"));
        }
        return object;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isEmpty()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
