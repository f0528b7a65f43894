package dev.velatemporal.worker;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.connection.ConnectionSettingsException;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalUnreachableException;
import dev.velatemporal.worker.metrics.MetricsServer;
import dev.velatemporal.worker.metrics.WorkerMetrics;
import dev.velatemporal.worker.visibility.MissingSearchAttributesException;
import dev.velatemporal.worker.visibility.SearchAttributeSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/worker}: runs Application workflows and their activities until stopped (SIGTERM or Ctrl-C, which
 * drain it and exit 0). This is the production worker, the one in the container image; the dev stack
 * ({@code bin/worker --dev}) lives in the devstack module, which the image does not contain.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        version = "vela-temporal worker (development build)",
        description = {"Runs Application workflows and their activities against Temporal and Kubernetes.",
                "Temporal from the flags, TEMPORAL_* variables or the temporal CLI's config profile; Kubernetes"
                        + " from --kubeconfig, KUBECONFIG, ~/.kube/config or the in-cluster service account.",
                "From a source checkout, bin/worker --dev runs the dev stack instead: an embedded Temporal, a"
                        + " sandbox Kubernetes API with a simulated kubelet, and a worker on both (bin/worker --dev"
                        + " --help)."},
        sortOptions = false,
        footer = {"", "Exit codes: 0 stopped cleanly (SIGTERM, Ctrl-C); 1 cannot start, or stopping failed (the"
                + " message says why); 2 invalid usage."})
public final class WorkerMain implements Callable<Integer> {

    static final int CANNOT_START = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--dev", description = "Run the dev stack (bin/worker --dev from a source checkout; not part of"
            + " the worker image).")
    boolean dev;

    @Mixin
    WorkerFlags flags;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(names = "--kube-context", paramLabel = "NAME", description = "Context of the kubeconfig to use.")
    String kubeContext;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "On SIGTERM, how long tasks in hand may finish before long waits are released to another"
                    + " worker (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (dev) {
            // bin/worker sends --dev to the devstack jar; only the production jar run by hand gets here.
            err.println("worker: the dev stack is not part of this build (the container image and vela-worker.jar"
                    + " hold only the production worker); from a source checkout run bin/worker --dev");
            err.flush();
            return CANNOT_START;
        }
        flags.logFormat.apply();
        PrintWriter out = spec.commandLine().getOut();
        AutoCloseable running;
        try {
            running = start(out);
        } catch (TemporalUnreachableException | ConnectionSettingsException | ClusterUnreachableException
                | MissingSearchAttributesException | MetricsUnavailableException e) {
            err.println("worker: " + e.getMessage());
            err.flush();
            return CANNOT_START;
        }
        return UntilStopped.run(running, "worker", out, err);
    }

    private AutoCloseable start(PrintWriter out) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            WorkerMetrics metrics = flags.metricsPort() != WorkerFlags.NO_METRICS ? new WorkerMetrics() : null;
            if (metrics != null) {
                started.push(metrics);
            }
            KubernetesConnection kube = KubernetesConnection.open(kubeconfig, kubeContext,
                    builder -> metrics != null ? metrics.instrument(builder) : builder);
            started.push(kube);
            TemporalConnection connection = TemporalConnection.open(flags.temporal.resolve(),
                    TemporalConnection.CONNECT_TIMEOUT,
                    VelaWorker.connectionExtras(flags.temporal.payloadKey(), metrics));
            started.push(connection);
            SearchAttributeSetup.verify(connection.stubs(), connection.namespace());
            VelaWorker worker = VelaWorker.start(connection.client(), kube.client(),
                    WorkerSettings.of(flags.taskQueue, flags.istioApiVersion, shutdownGrace)
                            .withNamespaces(flags.namespaces())
                            .withReconcileInterval(flags.reconcileInterval));
            started.push(worker);
            out.printf("worker ready: Temporal at %s (namespace %s%s), task queue %s; Kubernetes at %s (%s),"
                    + " deploying to %s; Istio objects as networking.istio.io/%s%n", connection.address(),
                    connection.namespace(), connection.payloadKeyId().map(id -> ", payloads encrypted with key "
                            + id).orElse(""), flags.taskQueue, kube.url(), kube.version(),
                    flags.namespaces().describe(), flags.istioApiVersion.name().toLowerCase());
            if (metrics != null) {
                metrics.countSuspended(connection);
                MetricsServer server = serveMetrics(metrics, flags.metricsPort(), worker);
                started.push(server);
                out.println("metrics at " + server.url() + " (probes: /healthz, /readyz)");
            }
            out.flush();
            return () -> closeAll(started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** Metrics and probes on {@code port}; {@code /readyz} answers 200 while the worker polls. */
    public static MetricsServer serveMetrics(WorkerMetrics metrics, int port, VelaWorker worker) {
        try {
            return metrics.serve(port, worker::isPolling);
        } catch (java.io.UncheckedIOException e) {
            throw new MetricsUnavailableException(e.getMessage(), e);
        }
    }

    /** Newest first, as they were started; one that fails to stop does not keep the others running. */
    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("worker: stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
