package dev.velatemporal.sandbox;

import dev.velatemporal.render.IstioApiVersion;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dev stack's Kubernetes API: fabric8's mock API server in CRUD mode on {@code 127.0.0.1} (plain HTTP), which
 * stores whatever objects are written to it and serves them back, watches included.
 *
 * <p>The CRUD mock has no discovery: {@code /api}, {@code /apis} and the group-version documents are not objects,
 * so it has nothing to answer them with (it answers any path it does not know with a list of every object it
 * holds). fabric8's client does not need discovery for typed calls (it builds paths from its model classes), but
 * kubectl does: it turns {@code deploy} or {@code vs} into a request path only through discovery, and against the
 * bare mock every {@code kubectl get} fails with "the server doesn't have a resource type". So the sandbox answers
 * the discovery paths itself ({@link ApiDiscovery}: core v1, {@code apps/v1} and {@code networking.istio.io} v1,
 * v1beta1 and v1alpha3), hands object paths to the CRUD store (printing them as tables for {@code kubectl get},
 * see {@link ResourceTables}), and writes a kubeconfig for kubectl ({@link #writeKubeconfig}).
 *
 * <p>What it does not do: no controllers (no ReplicaSets or pods; {@link SimulatedKubelet} writes Deployment
 * statuses), no authentication, no OpenAPI documents (so {@code kubectl create} needs {@code --validate=false}), no
 * server-side apply and no strategic merge patch (so no {@code kubectl apply} or {@code edit} of built-in kinds;
 * {@code get}, {@code delete}, {@code scale} and {@code label} work), no HTTP streaming watch (so no
 * {@code kubectl get -w}; fabric8 watches over WebSocket work), and no conversion between API versions (see
 * {@link #start(int, IstioApiVersion)}). A watch closed while the server is sending on it can deadlock the
 * server's event loop: prefer long-lived informers to short watches.
 */
public final class SandboxCluster implements AutoCloseable {

    /** The cluster, context and user name in the kubeconfig. */
    public static final String NAME = "vela-sandbox";
    public static final String DEFAULT_NAMESPACE = "default";

    private static final String HOST = "127.0.0.1";
    /** The mock server logs every request and response at INFO through java.util.logging; held so the level sticks. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final int port;
    private final KubernetesClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Null without a fault layer. */
    private final FaultInjector faults;
    /** Null unless started by {@link #startRecordingWrites}. */
    private volatile WriteRecorder recorder;
    /** Null until asked for; guarded by this. */
    private KubernetesClient faultyClient;

    private SandboxCluster(KubernetesMockServer server, int port, KubernetesClient client, FaultInjector faults) {
        this.server = server;
        this.port = port;
        this.client = client;
        this.faults = faults;
    }

    /**
     * Starts the API on {@code 127.0.0.1:port} ({@code 0}: a free port, see {@link #port()}) with an empty store
     * but for the namespace {@code default}; kubectl reads Istio objects at {@code networking.istio.io/v1}.
     *
     * @throws IllegalStateException when it cannot listen there (say, another dev stack holds the port)
     */
    public static SandboxCluster start(int port) {
        return start(port, IstioApiVersion.V1);
    }

    /**
     * As {@link #start(int)}, with kubectl reading Istio objects at {@code istioVersion}: pass the version the
     * worker writes them at. Unlike a real API server, the mock keeps each version of a kind apart and converts
     * nothing, so objects written at v1beta1 are invisible at v1.
     */
    public static SandboxCluster start(int port, IstioApiVersion istioVersion) {
        return start(port, istioVersion, null);
    }

    /**
     * As {@link #start(int, IstioApiVersion)}, behind a fault layer (dev and test only): requests made through
     * {@link #faultyClient()} get the {@code faults}, others do not. Null: no fault layer.
     */
    public static SandboxCluster start(int port, IstioApiVersion istioVersion, ApiFaults faults) {
        return start(port, istioVersion, faults, false);
    }

    /**
     * As {@link #start(int, IstioApiVersion)}, recording every write it executes with what it changed (dev and
     * test only; see {@link #writeLogUrl()}): a test in another process checks on it that each intended write was
     * executed once.
     */
    public static SandboxCluster startRecordingWrites(int port, IstioApiVersion istioVersion) {
        return start(port, istioVersion, null, true);
    }

    private static SandboxCluster start(int port, IstioApiVersion istioVersion, ApiFaults faults,
            boolean recordWrites) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535 (0 picks a free one)");
        }
        MOCK_LOG.setLevel(Level.WARNING);
        MockWebServer web = new MockWebServer();
        SandboxDispatcher sandbox = new SandboxDispatcher(ApiDiscovery.of(ServedResource.all(istioVersion)),
                new KubernetesCrudDispatcher(), web);
        FaultInjector injector = faults == null ? null : new FaultInjector(sandbox, faults);
        Dispatcher dispatcher = injector == null ? sandbox : injector;
        WriteRecorder recorder = recordWrites ? new WriteRecorder(dispatcher) : null;
        if (recorder != null) {
            dispatcher = recorder;
        }
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, false);
        try {
            server.init(InetAddress.getByName(HOST), port);
        } catch (Exception e) {
            server.destroy();
            throw new IllegalStateException("cannot start the sandbox Kubernetes API on " + HOST + ":" + port + ": "
                    + rootMessage(e) + (port == 0 ? "" : "; is the port taken? pick another, or 0 for any free one"),
                    e);
        }
        int bound = server.getPort();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config(url(bound))).build();
        SandboxCluster cluster = new SandboxCluster(server, bound, client, injector);
        cluster.recorder = recorder;
        try {
            // A real cluster always has it, and `kubectl get ns` or a create in it should not look otherwise.
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DEFAULT_NAMESPACE)
                    .endMetadata().withNewStatus().withPhase("Active").endStatus().build()).create();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A client of this API, owned by the cluster (closed by {@link #close()}). Its configuration is built from
     * scratch, never from {@code ~/.kube/config} or the environment, so it cannot reach another cluster.
     */
    public KubernetesClient client() {
        return client;
    }

    /**
     * A client whose requests carry {@link ApiFaults#MARK_HEADER}, so the fault layer may fault them (give it to
     * the worker); owned by the cluster. Without a fault layer it is a client like {@link #client()}.
     */
    public synchronized KubernetesClient faultyClient() {
        if (faultyClient == null) {
            faultyClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config(url(port)))
                    .withCustomHeaders(Map.of(ApiFaults.MARK_HEADER, "on")).build()).build();
        }
        return faultyClient;
    }

    /** The faults applied so far, as {@code METHOD path FAULT} lines; empty without a fault layer. */
    public List<String> injectedFaults() {
        return faults == null ? List.of() : faults.injected().stream()
                .map(i -> i.method() + " " + i.path() + " " + i.fault()).toList();
    }

    /**
     * The writes of {@link #faultyClient()} the store executed and accepted, as {@code METHOD path body} lines,
     * including those whose answer the fault layer lost: what "each intended change applied once" is checked on.
     * Empty without a fault layer.
     */
    public List<String> executedWrites() {
        return faults == null ? List.of() : faults.executed().stream()
                .map(w -> w.method() + " " + w.path() + " " + w.body()).toList();
    }

    /**
     * Where the write log is served (GET: a JSON array of {@code seq, client, method, path, object, body, code,
     * changed}, in the order the writes were executed); empty unless started by {@link #startRecordingWrites}.
     */
    public java.util.Optional<String> writeLogUrl() {
        return recorder == null ? java.util.Optional.empty() : java.util.Optional.of(url() + WriteRecorder.PATH);
    }

    /**
     * A new client of this API (the caller closes it) whose writes the write log attributes to {@code name}
     * (the simulated kubelet's: {@code kubelet}); writes without a name are the {@code worker}'s.
     */
    public KubernetesClient namedClient(String name) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config(url(port)))
                .withCustomHeaders(Map.of(WriteRecorder.CLIENT_HEADER, name)).build()).build();
    }

    /** Watches cut so far by the fault layer. */
    public int cutWatches() {
        return faults == null ? 0 : faults.cutWatches();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url(port);
    }

    public int port() {
        return port;
    }

    /**
     * Writes a kubeconfig for this API to {@code file} (creating its directories, replacing the file), readable by
     * its owner only where the file system has POSIX permissions: cluster, context and user {@value #NAME},
     * namespace {@code default}, no credentials.
     *
     * @return {@code file}
     */
    public Path writeKubeconfig(Path file) {
        try {
            Kubeconfig.write(file, NAME, url(), DEFAULT_NAMESPACE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stops the API and closes its client; the objects are gone. Closing again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
            synchronized (this) {
                if (faultyClient != null) {
                    faultyClient.close();
                }
            }
            server.destroy();
        }
    }

    /** The mock wraps the bind failure ("Unable to start MockWebServer"); its cause says what went wrong. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String url(int port) {
        return "http://" + HOST + ":" + port;
    }

    private static Config config(String url) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace(DEFAULT_NAMESPACE)
                // HTTP/1.1, as the mock's own clients (KubernetesMockServer.createClient) are configured.
                .withHttp2Disable(true)
                .build();
    }
}
