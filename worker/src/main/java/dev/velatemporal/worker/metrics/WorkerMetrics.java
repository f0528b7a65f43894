package dev.velatemporal.worker.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.metrics.KubernetesApiMetrics;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.function.BooleanSupplier;
import java.time.Duration;

/**
 * The worker's metrics in one Prometheus registry: the Temporal SDK's (through its tally scope, which also
 * carries the rollout metrics the workflow reports: step durations, rollouts by result), the Kubernetes API calls
 * of the activities, and the number of suspended applications.
 */
public final class WorkerMetrics implements AutoCloseable {

    /** How often the SDK's tally scope hands what it counted to the registry. */
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);
    /** The suspended count is a visibility query: at most one per this, however often Prometheus scrapes. */
    static final Duration SUSPENDED_REFRESH = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scope temporalScope;

    public WorkerMetrics() {
        temporalScope = new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(com.uber.m3.util.Duration.ofMillis(REPORT_INTERVAL.toMillis()));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** For the Temporal connection's service stubs; workers and workflows report through it. */
    public Scope temporalScope() {
        return temporalScope;
    }

    /** A Kubernetes client whose every API call is counted (vela_kubernetes_requests_total). */
    public KubernetesClientBuilder instrument(KubernetesClientBuilder builder) {
        return KubernetesApiMetrics.install(builder, registry);
    }

    /** Adds the gauge of suspended applications, counted through {@code connection}'s visibility API. */
    public void countSuspended(TemporalConnection connection) {
        SuspendedApplications.register(registry, connection.stubs(), connection.namespace(), SUSPENDED_REFRESH);
    }

    /** Serves the metrics on {@code port} (0: a free one). */
    public MetricsServer serve(int port, BooleanSupplier ready) {
        return MetricsServer.start(port, this::scrape, ready);
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        try {
            temporalScope.close();
        } catch (ScopeCloseException e) {
            // Only its last report is lost: the process is stopping.
        }
        registry.close();
    }
}
