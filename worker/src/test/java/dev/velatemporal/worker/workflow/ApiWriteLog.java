package dev.velatemporal.worker.workflow;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Every write the API server accepted, in the order it answered them: what the worker and kubelet did, as seen on the wire. */
final class ApiWriteLog implements Interceptor {

    /** One accepted write: its method, path and body as sent. */
    record Write(String method, String path, String body) {}

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final List<Write> writes = new ArrayList<>();

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        if (WRITES.contains(request.method()) && response.code() < 300) {
            synchronized (writes) {
                writes.add(new Write(request.method(), request.uri().getPath(), request.bodyString()));
            }
        }
    }

    List<Write> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }
}
