package dev.velatemporal.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link ApiFaults} in front of the sandbox's dispatcher (dev and test only). Faults are decided on the
 * mock server's event loop, one request at a time, so a seed replays the same decisions for the same sequence of
 * requests (the sequence itself depends on timing, so a replay is close, not exact).
 *
 * <p>mockwebserver 7.9 has no socket policies (no way to reset a connection from a dispatcher), so a "reset" is
 * an answer no HTTP client accepts: two different {@code Content-Length} values. fabric8's client (vert.x) fails
 * it as it fails a reset connection: a {@code KubernetesClientException} with no status (code -1), which it does
 * not retry by itself, after the store executed the request or not.
 */
final class FaultInjector extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);

    private final Dispatcher next;
    private final ApiFaults faults;
    private final Random random;
    private final Map<FaultRule, AtomicInteger> used = new ConcurrentHashMap<>();
    private final List<Injected> injected = new CopyOnWriteArrayList<>();
    private final WatchCutter cutter;

    FaultInjector(Dispatcher next, ApiFaults faults) {
        this.next = next;
        this.faults = faults;
        this.random = new Random(faults.seed());
        this.cutter = new WatchCutter(faults.cutWatchesAfter());
        LOG.info("sandbox API faults: seed {}, rate {}, watches cut after {}, rules {}", faults.seed(),
                faults.rate(), faults.cutWatchesAfter(), faults.rules());
    }

    /** A fault the injector applied: for a test's failure message and its "each change once" checks. */
    record Injected(String method, String path, ApiFault fault) {}

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        cutter.startOnEventLoop();
        String path = request.getPath();
        String method = request.getMethod();
        boolean marked = request.getHeader(ApiFaults.MARK_HEADER) != null;
        String body = bodyOf(request); // before the store, which reads the body out of the request
        ApiFault fault = marked ? pick(method, path, body) : null;
        if (fault == null) {
            MockResponse answer = next.dispatch(request);
            recordExecuted(marked, method, path, body, answer.code());
            return cutter.track(answer);
        }
        injected.add(new Injected(method, path, fault));
        LOG.debug("fault {} for {} {}", fault, method, path);
        if (fault.executes()) {
            recordExecuted(marked, method, path, body, next.dispatch(request).code());
        }
        return fault.breaksConnection() ? broken() : SandboxDispatcher.json(fault.code(), fault.statusBody());
    }

    /** A write of a marked client that the store executed and accepted (2xx), whether its answer arrived or not. */
    record Executed(String method, String path, String body) {}

    private final List<Executed> executed = new CopyOnWriteArrayList<>();

    private void recordExecuted(boolean marked, String method, String path, String body, int code) {
        if (marked && code >= 200 && code < 300 && !"GET".equals(method)) {
            executed.add(new Executed(method, path, body));
        }
    }

    List<Executed> executed() {
        return List.copyOf(executed);
    }

    List<Injected> injected() {
        return List.copyOf(injected);
    }

    int cutWatches() {
        return cutter.cut();
    }

    @Override
    public void shutdown() {
        cutter.stop();
        next.shutdown();
    }

    @Override
    public void releaseResources() {
        next.releaseResources();
    }

    private synchronized ApiFault pick(String method, String path, String body) {
        for (FaultRule rule : faults.rules()) {
            if (rule.matches(method, path, body)
                    && used.computeIfAbsent(rule, r -> new AtomicInteger()).getAndIncrement() < rule.times()) {
                return rule.fault();
            }
        }
        if (isWatch(path) || faults.rate() == 0 || random.nextDouble() >= faults.rate()) {
            return null;
        }
        List<ApiFault> transients = new ArrayList<>(List.of(ApiFault.SERVER_ERROR, ApiFault.UNAVAILABLE,
                ApiFault.THROTTLED, ApiFault.RESET_BEFORE, ApiFault.ANSWER_LOST));
        if (!"GET".equals(method)) {
            transients.add(ApiFault.CONFLICT); // a read does not conflict
        }
        return transients.get(random.nextInt(transients.size()));
    }

    /** The body, left in place: {@code getUtf8Body()} reads it out of the buffer, and the store would get none. */
    static String bodyOf(RecordedRequest request) {
        return request.getBody() == null ? null : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    static boolean isWatch(String path) {
        return path.contains("watch=true") || path.contains("watch=1");
    }

    private static MockResponse broken() {
        // The mock adds its own Content-Length (2) to ours: the client rejects the answer.
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setHeader("Content-Length", "4096").setHeader("Connection", "close").setBody("{}");
    }
}
