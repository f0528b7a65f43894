package dev.velatemporal.worker;

import dev.velatemporal.activity.NamespacePolicy;
import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.options.ParsingConverter;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.worker.logging.LogFormat;
import dev.velatemporal.workflow.WorkflowIds;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags every worker takes, whether it runs against a real Temporal and cluster ({@code bin/worker}) or inside
 * the dev stack ({@code bin/worker --dev}): where Temporal is, what to poll, what to render, where to deploy, how to
 * log and where to serve metrics.
 */
public final class WorkerFlags {

    /** {@link #metricsPort} when no metrics are served. */
    public static final int NO_METRICS = -1;

    @Mixin
    public TemporalOptions temporal;

    @Option(names = "--task-queue", defaultValue = WorkflowIds.TASK_QUEUE, paramLabel = "NAME",
            description = "Task queue to poll (default: ${DEFAULT-VALUE}).")
    public String taskQueue;

    @Option(names = "--istio-api-version", paramLabel = "VERSION", defaultValue = "v1",
            converter = IstioApiVersionConverter.class,
            description = "apiVersion of the Istio objects: v1 (default), v1beta1 or v1alpha3 (before Istio 1.22).")
    public IstioApiVersion istioApiVersion;

    @Option(names = "--allowed-namespaces", paramLabel = "NS", split = ",",
            description = "Kubernetes namespaces this worker may deploy to (comma-separated; default: any). An"
                    + " Application elsewhere fails before anything is applied, and its status says why.")
    public List<String> allowedNamespaces = List.of();

    @Option(names = "--reconcile-interval", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How often an idle Application is compared with what its last successful generation left,"
                    + " and what drifted is repaired (default: ${DEFAULT-VALUE}, as KubeVela's resync; 0: only on"
                    + " bin/starter reconcile).")
    public Duration reconcileInterval;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics, and /healthz and /readyz for"
                    + " probes (default: off; 0 picks a free port).")
    Integer metricsPort;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            converter = LogFormatConverter.class,
            description = "text (default) or json: one JSON object per line, with the application, namespace,"
                    + " generation and step of rollout lines under \"mdc\".")
    public LogFormat logFormat;

    public NamespacePolicy namespaces() {
        return NamespacePolicy.of(allowedNamespaces);
    }

    /** The port to serve metrics on, or {@link #NO_METRICS}. */
    public int metricsPort() {
        return metricsPort == null ? NO_METRICS : metricsPort;
    }

    /** {@code --log-format text|json}. */
    static final class LogFormatConverter extends ParsingConverter<LogFormat> {
        LogFormatConverter() {
            super(LogFormat::parse);
        }
    }

    /** Lets {@code --istio-api-version} say which versions exist when given one that does not. */
    static final class IstioApiVersionConverter extends ParsingConverter<IstioApiVersion> {
        IstioApiVersionConverter() {
            super(IstioApiVersion::parse);
        }
    }
}
