package dev.velatemporal.metrics;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Counts the requests a fabric8 Kubernetes client sends, in the counter {@value #REQUESTS} (Prometheus:
 * {@code vela_kubernetes_requests_total}) tagged with {@value #VERB}, the Kubernetes verb ({@code get},
 * {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code delete},
 * {@code deletecollection}; see {@link KubernetesVerb}), and {@value #RESULT}, the HTTP status of the answer
 * ({@code "200"}, {@code "404"}, {@code "409"}, {@code "101"} for a watch over a WebSocket) or {@value #ERROR}
 * when none came (connection refused or reset, timed out).
 *
 * <p>Install it on a client being built with {@link #install(KubernetesClientBuilder, MeterRegistry)}. That sets
 * the builder's HTTP client consumer, replacing one set before; a caller with a consumer of its own adds the
 * interceptor there instead: {@code b.addOrReplaceInterceptor(KubernetesApiMetrics.NAME, new
 * KubernetesApiMetrics(registry))}.
 *
 * <p>What is counted is each HTTP exchange, once: fabric8 retries a request by itself (connection failures, 429
 * and 5xx answers, {@code requestRetryBackoffLimit} times, 10 by default), and each attempt is counted with its
 * own result; so is the request fabric8 sends again after refreshing an expired token.
 *
 * <p>A limit of fabric8 7.9: it tells interceptors of a failed attempt ({@code afterConnectionFailure}) only when it
 * may still retry it, so the last attempt of a request that never got an answer is not counted. With the default
 * retries an unreachable API server shows as 10 errors per request; with retries off
 * ({@code requestRetryBackoffLimit} 0) it does not show at all.
 */
public final class KubernetesApiMetrics implements Interceptor {

    /** The name it is installed under in the HTTP client's interceptors. */
    public static final String NAME = "vela-kubernetes-metrics";
    public static final String REQUESTS = "vela.kubernetes.requests";
    public static final String VERB = "verb";
    public static final String RESULT = "result";
    /** The result of an attempt that got no HTTP answer. */
    public static final String ERROR = "error";

    private final MeterRegistry registry;

    public KubernetesApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts the requests of the client {@code builder} builds in {@code registry}; returns the builder. */
    public static KubernetesClientBuilder install(KubernetesClientBuilder builder, MeterRegistry registry) {
        KubernetesApiMetrics metrics = new KubernetesApiMetrics(registry);
        return builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(NAME, metrics));
    }

    /** Called once per answer, WebSocket upgrades included, whether it succeeded or not. */
    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        count(request, Integer.toString(response.code()));
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        count(request, ERROR);
    }

    private void count(HttpRequest request, String result) {
        Counter.builder(REQUESTS)
                .description("Requests to the Kubernetes API server, by verb and HTTP status")
                .tag(VERB, KubernetesVerb.of(request.method(), request.uri()))
                .tag(RESULT, result)
                .register(registry)
                .increment();
    }
}
