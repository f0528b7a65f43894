package dev.velatemporal.worker;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.options.ParsingConverter;
import dev.velatemporal.activity.NamespacePolicy;
import dev.velatemporal.connection.ConnectionSettingsException;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.connection.TemporalUnreachableException;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.worker.dev.DevStack;
import dev.velatemporal.worker.dev.DevStackException;
import dev.velatemporal.worker.dev.DevStackSettings;
import dev.velatemporal.worker.logging.LogFormat;
import dev.velatemporal.worker.metrics.MetricsServer;
import dev.velatemporal.worker.metrics.WorkerMetrics;
import dev.velatemporal.worker.visibility.MissingSearchAttributesException;
import dev.velatemporal.worker.visibility.SearchAttributeSetup;
import dev.velatemporal.workflow.WorkflowIds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/worker}: runs Application workflows and their activities until stopped (SIGTERM or Ctrl-C, which
 * drain it). With {@code --dev} it first starts an embedded Temporal and a sandbox cluster to run on.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        version = "vela-temporal worker (development build)",
        description = {"Runs Application workflows and their activities against Temporal and Kubernetes.",
                "Without --dev: Temporal from the flags, TEMPORAL_* variables or the temporal CLI's config profile;"
                        + " Kubernetes from --kubeconfig, KUBECONFIG, ~/.kube/config or the in-cluster service"
                        + " account.",
                "With --dev: an embedded Temporal (the official Java test server), a sandbox Kubernetes API with a"
                        + " simulated kubelet, and a worker on both, in this one process."},
        sortOptions = false,
        footer = {"", "Exit codes: 0 stopped cleanly; 1 cannot start (the message says why); 2 invalid usage."})
public final class WorkerMain implements Callable<Integer> {

    static final int CANNOT_START = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--dev", description = "Run the dev stack: embedded Temporal, sandbox cluster, worker.")
    boolean dev;

    @Option(names = "--temporal-port", defaultValue = "7233", paramLabel = "PORT",
            description = "--dev: port of the embedded Temporal (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int temporalPort;

    @Option(names = "--kube-port", defaultValue = "0", paramLabel = "PORT",
            description = "--dev: port of the sandbox Kubernetes API (default: a free one; the kubeconfig names it).")
    int kubePort;

    @Option(names = "--sandbox-kubeconfig", paramLabel = "FILE", defaultValue = ".vela-temporal/sandbox.kubeconfig",
            description = "--dev: where to write the sandbox's kubeconfig (default: ${DEFAULT-VALUE}).")
    Path sandboxKubeconfig;

    @Option(names = "--pod-ready-delay", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "--dev: how long simulated pods take to get ready (default: ${DEFAULT-VALUE}). Images whose"
                    + " tag ends in -broken never get ready.")
    Duration podReadyDelay;

    @Mixin
    TemporalOptions temporal;

    @Option(names = "--task-queue", defaultValue = WorkflowIds.TASK_QUEUE, paramLabel = "NAME",
            description = "Task queue to poll (default: ${DEFAULT-VALUE}).")
    String taskQueue;

    @Option(names = "--istio-api-version", paramLabel = "VERSION", defaultValue = "v1",
            converter = IstioApiVersionConverter.class,
            description = "apiVersion of the Istio objects: v1 (default), v1beta1 or v1alpha3 (before Istio 1.22).")
    IstioApiVersion istioApiVersion;

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

    @Option(names = "--allowed-namespaces", paramLabel = "NS", split = ",",
            description = "Kubernetes namespaces this worker may deploy to (comma-separated; default: any). An"
                    + " Application elsewhere fails before anything is applied, and its status says why.")
    List<String> allowedNamespaces = List.of();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics (default: off; 0 picks a free"
                    + " port).")
    Integer metricsPort;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            converter = LogFormatConverter.class,
            description = "text (default) or json: one JSON object per line, with the application, namespace,"
                    + " generation and step of rollout lines under \"mdc\".")
    LogFormat logFormat;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() {
        logFormat.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AutoCloseable running;
        try {
            running = dev ? startDevStack(out) : startWorker(out);
        } catch (DevStackException | TemporalUnreachableException | ConnectionSettingsException
                | ClusterUnreachableException | MissingSearchAttributesException | MetricsUnavailableException e) {
            err.println("worker: " + e.getMessage());
            err.flush();
            return CANNOT_START;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("worker: stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "vela-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private AutoCloseable startDevStack(PrintWriter out) {
        DevStack stack = DevStack.start(new DevStackSettings(temporalPort, kubePort, sandboxKubeconfig,
                podReadyDelay, taskQueue, istioApiVersion, NamespacePolicy.of(allowedNamespaces),
                metricsPort != null ? metricsPort : DevStackSettings.NO_METRICS, temporal.payloadKey()));
        String kubeconfigArg = stack.kubeconfig().toString();
        out.printf("dev stack ready: Temporal at %s (namespace default, task queue %s), Kubernetes sandbox at %s,"
                + " pods ready %d ms after a change%n", stack.temporalAddress(), taskQueue, stack.kubeUrl(),
                podReadyDelay.toMillis());
        String address = temporalPort == TemporalOptions.DEFAULT_PORT ? "" : " --address " + stack.temporalAddress();
        out.println("Try, in another terminal:");
        out.println("  bin/starter apply -f examples/bookinfo/first-deploy.yaml --wait" + address);
        out.println("  bin/starter apply -f examples/bookinfo/rollout-v2.yaml --wait" + address
                + "    # stops at 90/10, waiting for approval");
        out.println("  bin/starter status book-info" + address);
        out.println("  bin/starter traffic book-info reviews --kubeconfig " + kubeconfigArg);
        out.println("  bin/starter resume book-info" + address
                + "    # or: temporal workflow signal --workflow-id default.book-info --name resume"
                + (address.isEmpty() ? "" : " --address " + stack.temporalAddress()));
        out.println("  kubectl --kubeconfig " + kubeconfigArg + " get deploy,svc,virtualservices,destinationrules");
        stack.metricsUrl().ifPresent(url -> out.println("  curl -s " + url + " | grep ^vela_"));
        out.println("The Temporal UI needs a full Temporal server (see docker-compose.temporal.yml); the embedded one"
                + " answers the starter and the temporal CLI. Ctrl-C stops everything.");
        out.flush();
        return stack;
    }

    private AutoCloseable startWorker(PrintWriter out) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            WorkerMetrics metrics = metricsPort != null ? new WorkerMetrics() : null;
            if (metrics != null) {
                started.push(metrics);
            }
            KubernetesConnection kube = KubernetesConnection.open(kubeconfig, kubeContext,
                    builder -> metrics != null ? metrics.instrument(builder) : builder);
            started.push(kube);
            TemporalConnection connection = TemporalConnection.open(temporal.resolve(),
                    TemporalConnection.CONNECT_TIMEOUT, VelaWorker.connectionExtras(temporal.payloadKey(), metrics));
            started.push(connection);
            SearchAttributeSetup.verify(connection.stubs(), connection.namespace());
            VelaWorker worker = VelaWorker.start(connection.client(), kube.client(),
                    WorkerSettings.of(taskQueue, istioApiVersion, shutdownGrace)
                            .withNamespaces(NamespacePolicy.of(allowedNamespaces)));
            started.push(worker);
            out.printf("worker ready: Temporal at %s (namespace %s%s), task queue %s; Kubernetes at %s (%s),"
                    + " deploying to %s; Istio objects as networking.istio.io/%s%n", connection.address(),
                    connection.namespace(), connection.payloadKeyId().map(id -> ", payloads encrypted with key "
                            + id).orElse(""), taskQueue, kube.url(), kube.version(),
                    NamespacePolicy.of(allowedNamespaces).describe(), istioApiVersion.name().toLowerCase());
            if (metrics != null) {
                metrics.countSuspended(connection);
                MetricsServer server = serveMetrics(metrics);
                started.push(server);
                out.println("metrics at " + server.url());
            }
            out.flush();
            return () -> closeAll(started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    private MetricsServer serveMetrics(WorkerMetrics metrics) {
        try {
            return metrics.serve(metricsPort);
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
