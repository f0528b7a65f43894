package dev.velatemporal.devstack;

import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.sandbox.FreePort;
import dev.velatemporal.sandbox.SandboxCluster;
import dev.velatemporal.sandbox.SimulatedKubelet;
import dev.velatemporal.worker.VelaWorker;
import dev.velatemporal.worker.WorkerMain;
import dev.velatemporal.worker.WorkerSettings;
import dev.velatemporal.worker.metrics.MetricsServer;
import dev.velatemporal.worker.metrics.WorkerMetrics;
import dev.velatemporal.worker.visibility.SearchAttributeSetup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code bin/worker --dev} and {@code bin/demo} run: a Temporal (the Temporal CLI's dev server as a
 * child process, with the UI, when the CLI is installed; else Temporal's official Java test server, in process, in
 * real time: a suspend or a progress deadline lasts as long as it says), a sandbox Kubernetes API with the
 * discovery documents kubectl needs, a simulated kubelet that makes pods ready after a delay, and a worker on
 * both, with a kubeconfig of its own for kubectl ({@link SandboxKubeconfig}). Everything lives in memory. Closing it
 * stops them in reverse order: the worker first, so no activity talks to a stopped API.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
    private static final Duration WORKER_GRACE = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final DevStackSettings settings;
    private int temporalPort;
    private CliTemporal cliTemporal;
    private SandboxCluster sandbox;
    private TemporalConnection connection;
    private SandboxKubeconfig kubeconfig;
    private MetricsServer metricsServer;

    private DevStack(DevStackSettings settings) {
        this.settings = settings;
    }

    private void boot() throws IOException {
        temporalPort = settings.temporalPort() == 0 ? FreePort.find() : settings.temporalPort();
        if (FreePort.inUse(temporalPort)) {
            throw new DevStackException("port " + temporalPort + " is already in use (another dev stack, or a"
                    + " Temporal server?): stop it, or choose another port with --temporal-port");
        }
        if (settings.kubePort() != 0 && FreePort.inUse(settings.kubePort())) {
            throw new DevStackException("port " + settings.kubePort() + " is already in use: choose another"
                    + " with --kube-port (0 picks a free one)");
        }
        // Before anything starts: another running stack's kubeconfig is never taken over.
        SandboxKubeconfig.checkFree(settings.kubeconfigFor(temporalPort));
        startTemporal();
        sandbox = SandboxCluster.start(settings.kubePort(), settings.istio());
        started.push(sandbox);
        kubeconfig = SandboxKubeconfig.write(sandbox, settings.kubeconfigFor(temporalPort));
        started.push(kubeconfig);
        SimulatedKubelet kubelet = new SimulatedKubelet(sandbox.client(), settings.podReadyDelay());
        kubelet.start();
        started.push(kubelet);
        WorkerMetrics metrics = settings.metricsPort() == DevStackSettings.NO_METRICS ? null : new WorkerMetrics();
        if (metrics != null) {
            started.push(metrics);
        }
        connection = TemporalConnection.open(TemporalOptions.local(temporalPort).resolve(),
                TemporalConnection.CONNECT_TIMEOUT, VelaWorker.connectionExtras(settings.payloadKey(), metrics));
        started.push(connection);
        // The embedded Temporal starts empty: the workflow's search attributes must exist before it sets them.
        // (The CLI's dev server was given them at its start; registering again finds them there.)
        SearchAttributeSetup.register(connection.stubs(), connection.namespace());
        KubernetesClient kube = sandbox.client();
        if (metrics != null) {
            kube = metrics.instrument(new KubernetesClientBuilder().withConfig(sandbox.client().getConfiguration()))
                    .build();
            started.push(kube);
        }
        VelaWorker worker = VelaWorker.start(connection.client(), kube,
                WorkerSettings.of(settings.taskQueue(), settings.istio(), WORKER_GRACE)
                        .withNamespaces(settings.namespaces())
                        .withReconcileInterval(settings.reconcileInterval()));
        started.push(worker);
        if (metrics != null) {
            metrics.countSuspended(connection);
            metricsServer = WorkerMain.serveMetrics(metrics, settings.metricsPort(), worker);
            started.push(metricsServer);
        }
    }

    /**
     * The CLI's dev server (a real Temporal with the UI) when asked for, or on {@code auto} when the CLI is
     * installed; else the embedded test server.
     */
    private void startTemporal() throws IOException {
        TemporalServerChoice choice = settings.temporalServer();
        Optional<Path> cli = choice.mode() == TemporalServerChoice.Mode.EMBEDDED ? Optional.empty()
                : CliTemporal.find();
        if (choice.mode() == TemporalServerChoice.Mode.CLI && cli.isEmpty()) {
            throw new DevStackException("--temporal cli: the Temporal CLI is not installed (not on PATH, not in"
                    + " ~/.cache/vela-temporal/bin): run bin/install-temporal-cli, or use --temporal embedded");
        }
        if (cli.isPresent()) {
            Path log = settings.stateDir().resolve("temporal-dev-" + temporalPort + ".log");
            cliTemporal = CliTemporal.start(cli.get(), temporalPort, choice.uiPort(), choice.database(), log);
            started.push(cliTemporal);
        } else {
            started.push(EmbeddedTemporal.start(temporalPort));
        }
    }

    /** The Temporal CLI the dev stack would run, if one is installed (see {@code bin/install-temporal-cli}). */
    public static Optional<Path> temporalCli() {
        return CliTemporal.find();
    }

    /**
     * Completes when a part the stack cannot do without dies by itself (the CLI's dev server), with a sentence
     * saying so; never, on the embedded server.
     */
    public java.util.concurrent.CompletableFuture<String> broken() {
        return cliTemporal != null ? cliTemporal.crashed() : new java.util.concurrent.CompletableFuture<>();
    }

    /** The Temporal UI when this stack runs the CLI's dev server; empty on the embedded server, which has none. */
    public Optional<String> temporalUi() {
        return Optional.ofNullable(cliTemporal).map(CliTemporal::uiUrl);
    }

    /** The Temporal UI's page of a workflow, when there is a UI. */
    public Optional<String> workflowPage(String workflowId) {
        return Optional.ofNullable(cliTemporal).map(server -> server.workflowUrl(connection.namespace(), workflowId));
    }

    /** Starts every part, or none: a part that fails to start stops the ones before it. */
    public static DevStack start(DevStackSettings settings) {
        DevStack stack = new DevStack(settings);
        try {
            stack.boot();
            return stack;
        } catch (DevStackException e) {
            stack.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw new DevStackException("the dev stack did not start: " + e.getMessage(), e);
        }
    }

    public int temporalPort() {
        return temporalPort;
    }

    public String temporalAddress() {
        return "localhost:" + temporalPort;
    }

    public String kubeUrl() {
        return sandbox.url();
    }

    /** This stack's own kubeconfig; removed when the stack stops. */
    public Path kubeconfig() {
        return kubeconfig.file();
    }

    public Duration podReadyDelay() {
        return settings.podReadyDelay();
    }

    /** A client of the sandbox API, as kubectl with the written kubeconfig sees it. */
    public KubernetesClient kube() {
        return sandbox.client();
    }

    public TemporalConnection temporal() {
        return connection;
    }

    /** Where the worker's Prometheus metrics are, when the settings asked for them. */
    public Optional<String> metricsUrl() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::url);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
