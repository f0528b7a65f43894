package dev.velatemporal.sandbox;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Routes the sandbox API's requests. Discovery documents and health checks come from {@link ApiDiscovery}; object
 * paths go to the mock's CRUD store, with two adaptations: a read that asks for a Table (kubectl's {@code get})
 * gets the store's answer printed by {@link ResourceTables} when it has columns for the kind, and a Deployment's
 * {@code scale} subresource is translated by {@link ScaleSubresource}. Any other path is a 404.
 *
 * <p>Discovery is matched on the exact path, so no object path ({@code /api/v1/namespaces/...},
 * {@code /apis/apps/v1/deployments}) ever reaches it, and CRUD works as in the bare mock.
 *
 * <p>Runs on the mock server's event loop: nothing here may block.
 */
final class SandboxDispatcher extends Dispatcher {

    private static final String NOT_FOUND = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"the server could not find the requested resource\","
            + "\"reason\":\"NotFound\",\"details\":{},\"code\":404}";

    private final ApiDiscovery discovery;
    private final Dispatcher store;
    private final MockWebServer recorder;

    /**
     * @param recorder the server whose request log is emptied as requests come in: MockWebServer keeps every
     *     request (body included) for {@code takeRequest}, which a dev stack running for hours never calls
     */
    SandboxDispatcher(ApiDiscovery discovery, Dispatcher store, MockWebServer recorder) {
        this.discovery = discovery;
        this.store = store;
        this.recorder = recorder;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRecordedRequests();
        String path = pathOf(request);
        boolean get = "GET".equals(request.getMethod());
        if (get) {
            Optional<String> document = discovery.document(path);
            if (document.isPresent()) {
                return json(200, document.get());
            }
            if (ApiDiscovery.HEALTH_PATHS.contains(path)) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
            }
        }
        if (!isObjectPath(path)) {
            return json(404, NOT_FOUND);
        }
        if (ScaleSubresource.isScalePath(path)) {
            return ScaleSubresource.fromStore(store.dispatch(ScaleSubresource.forStore(request)));
        }
        MockResponse answer = store.dispatch(request);
        return get && wantsTable(request) ? asTable(answer, query(request, "includeObject")) : answer;
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    @Override
    public void releaseResources() {
        store.releaseResources();
    }

    /**
     * Whether the path can name objects: {@code /api/v1/...} or {@code /apis/<group>/<version>/<resource>...}.
     * Anything else is a discovery or other non-resource path we do not serve ({@code /openapi/v3}, an unknown
     * group), which the store would answer with a list of every object it holds: kubectl takes that for an OpenAPI
     * document ("proto: cannot parse invalid wire-format data") where a 404 makes it go without.
     */
    static boolean isObjectPath(String path) {
        String[] segments = path.split("/", -1); // "/api/v1/pods" is ["", "api", "v1", "pods"]
        if (segments.length > 3 && segments[1].equals("api")) {
            return !segments[3].isEmpty();
        }
        return segments.length > 4 && segments[1].equals("apis") && !segments[4].isEmpty();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** The path without its query ({@code /api?timeout=32s} is {@code /api}). */
    static String pathOf(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The first value of a query parameter, or null. */
    static String query(RecordedRequest request, String name) {
        String path = request.getPath();
        int start = path.indexOf('?');
        if (start < 0) {
            return null;
        }
        for (String parameter : path.substring(start + 1).split("&")) {
            int equals = parameter.indexOf('=');
            String key = equals < 0 ? parameter : parameter.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** kubectl's {@code get} asks for a Table first; a watch ({@code get -w}) is left to the store. */
    private static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        String watch = query(request, "watch");
        return accept != null && accept.contains("as=Table") && !"true".equals(watch) && !"1".equals(watch);
    }

    private static MockResponse asTable(MockResponse answer, String includeObject) {
        if (answer.code() != 200 || answer.getWebSocketListener() != null || answer.getBody() == null) {
            return answer;
        }
        String body = new String(answer.getBody().getBytes(), StandardCharsets.UTF_8);
        return new ResourceTables(Instant.now()).table(body, includeObject)
                .map(table -> new MockResponse().setResponseCode(200)
                        .setHeader("Content-Type", ResourceTables.TABLE_CONTENT_TYPE).setBody(table))
                .orElse(answer);
    }

    private void forgetRecordedRequests() {
        try {
            while (recorder.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
                // dropped: nobody reads the sandbox's request log
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
