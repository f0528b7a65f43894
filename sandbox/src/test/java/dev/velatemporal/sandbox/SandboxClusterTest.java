package dev.velatemporal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.kube.Eventually;
import dev.velatemporal.kube.Fixtures;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.traffic.IstioResources;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SandboxClusterTest {

    private static final String NS = SandboxCluster.DEFAULT_NAMESPACE;
    private static final String V1_IMAGE = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2";
    private static final String V2_IMAGE = "docker.io/istio/examples-bookinfo-reviews-v3:1.16.2";

    @TempDir
    Path dir;

    private final SandboxCluster cluster = SandboxCluster.start(0);
    private final KubernetesClient client = cluster.client();

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** The bookinfo canary at 90/10, written through the fabric8 client as the worker writes it. */
    private void createCanary(String namespace) {
        client.apps().deployments().inNamespace(namespace)
                .resource(Fixtures.revision("reviews", "reviews-v1", V1_IMAGE, 2)).create();
        client.apps().deployments().inNamespace(namespace)
                .resource(Fixtures.revision("reviews", "reviews-v2", V2_IMAGE, 1)).create();
        client.services().inNamespace(namespace).resource(service("reviews")).create();
        Istio.create(client, namespace, Istio.weighted("reviews", "reviews-v1", 90, "reviews-v2", 10));
        Istio.create(client, namespace, Istio.destinationRule("reviews", "reviews-v1", "reviews-v2"));
        Istio.create(client, namespace, Istio.gateway("bookinfo-gateway"));
    }

    private static Service service(String name) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withSelector(Map.of("app.oam.dev/component", name))
                    .addNewPort().withName("http").withPort(9080).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    private Kubectl kubectl() {
        return new Kubectl(cluster.writeKubeconfig(dir.resolve("kube/sandbox.kubeconfig")), dir);
    }

    @Test
    void startsOnAFreeLoopbackPortWithTheDefaultNamespace() {
        assertThat(cluster.port()).isPositive();
        assertThat(cluster.url()).isEqualTo("http://127.0.0.1:" + cluster.port());
        assertThat(client.getMasterUrl().toString()).startsWith(cluster.url());
        assertThat(client.namespaces().withName(NS).get()).isNotNull();
        assertThat(client.getNamespace()).isEqualTo(NS);
    }

    @Test
    void aTakenPortIsReported() {
        int taken = cluster.port();

        assertThatThrownBy(() -> SandboxCluster.start(taken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot start the sandbox Kubernetes API on 127.0.0.1:" + taken + ": ")
                .hasMessageEndingWith("is the port taken? pick another, or 0 for any free one");
        assertThat(client.namespaces().withName(NS).get()).as("the first one still serves").isNotNull();
    }

    @Test
    void kubectlGetsWhatTheClientWrote() {
        createCanary(NS);
        Kubectl kubectl = kubectl();

        String workloads = kubectl.get("deploy,svc");
        assertThat(workloads).contains("deployment.apps/reviews-v1", "deployment.apps/reviews-v2", "service/reviews");

        String istio = kubectl.get("virtualservices,destinationrules,gateways");
        assertThat(istio).contains("virtualservice.networking.istio.io/reviews",
                "destinationrule.networking.istio.io/reviews", "gateway.networking.istio.io/bookinfo-gateway");

        assertThat(kubectl.get("vs")).contains("reviews");
        assertThat(kubectl.get("dr")).contains("reviews");
        assertThat(kubectl.get("gw")).contains("bookinfo-gateway");

        String yaml = kubectl.get("vs", "reviews", "-o", "yaml");
        assertThat(yaml).contains("apiVersion: networking.istio.io/v1", "kind: VirtualService", "name: reviews",
                "subset: reviews-v1", "weight: 90", "subset: reviews-v2", "weight: 10");

        assertThat(kubectl.get("deploy", "-o", "jsonpath={.items[*].metadata.name}"))
                .isEqualTo("reviews-v1 reviews-v2");
        assertThat(kubectl.get("deploy", "reviews-v2", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo(V2_IMAGE);
        assertThat(kubectl.get("ns")).contains(NS);
    }

    @Test
    void kubectlPrintsDeploymentReadinessAndIstioColumns() {
        createCanary(NS);
        try (SimulatedKubelet kubelet = new SimulatedKubelet(client, Duration.ofMillis(50)).start()) {
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(readyOf("reviews-v1")).isEqualTo(2));
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(readyOf("reviews-v2")).isEqualTo(1));
        }
        Kubectl kubectl = kubectl();

        String deployments = kubectl.get("deployments");
        assertThat(deployments.lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s*");
        assertThat(deployments).containsPattern("reviews-v1\\s+2/2\\s+2\\s+2\\s+\\d+s")
                .containsPattern("reviews-v2\\s+1/1\\s+1\\s+1\\s+\\d+s");

        assertThat(kubectl.get("deploy", "-o", "wide")).contains(V1_IMAGE, "app.oam.dev/revision=reviews-v2");
        assertThat(kubectl.get("svc")).containsPattern("reviews\\s+ClusterIP\\s+<none>\\s+<none>\\s+9080/TCP");
        assertThat(kubectl.get("vs")).containsPattern("NAME\\s+GATEWAYS\\s+HOSTS\\s+AGE")
                .containsPattern("reviews\\s+\\[\"reviews\"\\]");
        assertThat(kubectl.get("dr")).containsPattern("reviews\\s+reviews\\s+\\d+s");
        assertThat(kubectl.get("deploy", "--show-labels")).contains("app.oam.dev/revision=reviews-v1");
    }

    @Test
    void kubectlSelectsANamespaceOrAll() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("canary").endMetadata().build()).create();
        createCanary("canary");
        client.apps().deployments().inNamespace(NS)
                .resource(Fixtures.revision("ratings", "ratings-v1", "ratings:1", 1)).create();
        Kubectl kubectl = kubectl();

        assertThat(kubectl.get("deploy", "-o", "name")).isEqualTo("deployment.apps/ratings-v1\n");
        assertThat(kubectl.get("deploy", "-n", "canary", "-o", "name"))
                .isEqualTo("deployment.apps/reviews-v1\ndeployment.apps/reviews-v2\n");
        String all = kubectl.get("deploy", "-A");
        assertThat(all.lines().findFirst().orElseThrow()).startsWith("NAMESPACE");
        assertThat(all).containsPattern("canary\\s+reviews-v1").containsPattern("default\\s+ratings-v1");
        assertThat(kubectl.get("vs", "-A")).containsPattern("canary\\s+reviews");
        assertThat(kubectl.get("ns", "-o", "name")).contains("namespace/canary", "namespace/default");
    }

    @Test
    void kubectlScalesThroughTheScaleSubresource() {
        createCanary(NS);
        Kubectl kubectl = kubectl();

        Kubectl.Result scaled = kubectl.run("scale", "deploy", "reviews-v2", "--replicas=3");

        assertThat(scaled.exitCode()).as("%s", scaled).isZero();
        Deployment after = client.apps().deployments().inNamespace(NS).withName("reviews-v2").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
        // fabric8's scale() writes a Scale with PUT: it must land on the replicas, not replace the Deployment.
        client.apps().deployments().inNamespace(NS).withName("reviews-v2").scale(4);
        Deployment again = client.apps().deployments().inNamespace(NS).withName("reviews-v2").get();
        assertThat(again.getKind()).isEqualTo("Deployment");
        assertThat(again.getSpec().getReplicas()).isEqualTo(4);
        assertThat(again.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(V2_IMAGE);
    }

    @Test
    void aClientFromTheKubeconfigReadsTheSameObjects() throws IOException {
        createCanary(NS);
        Path file = cluster.writeKubeconfig(dir.resolve("deep/er/sandbox.kubeconfig"));

        assertThat(file).isRegularFile();
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        String text = Files.readString(file);
        assertThat(text).contains("current-context: vela-sandbox", "server: \"" + cluster.url() + "\"",
                "namespace: default");
        assertThat(text).doesNotContain("token", "password", "client-key");

        Config config = Config.fromKubeconfig(text);
        assertThat(config.getMasterUrl()).startsWith(cluster.url());
        assertThat(config.getNamespace()).isEqualTo(NS);
        assertThat(config.getCurrentContext().getName()).isEqualTo(SandboxCluster.NAME);
        try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
            VirtualService vs = fromFile.resources(VirtualService.class).inNamespace(NS).withName("reviews").get();
            assertThat(vs.getSpec().getHttp().get(0).getRoute())
                    .extracting(r -> r.getDestination().getSubset(), HTTPRouteDestination::getWeight)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("reviews-v1", 90),
                            org.assertj.core.groups.Tuple.tuple("reviews-v2", 10));
            assertThat(fromFile.apps().deployments().list().getItems())
                    .extracting(d -> d.getMetadata().getName()).containsExactly("reviews-v1", "reviews-v2");
            assertThat(fromFile.getKubernetesVersion().getMinor()).isEqualTo(ApiDiscovery.MINOR);
        }
    }

    @Test
    void rewritingTheKubeconfigReplacesIt() throws IOException {
        Path file = dir.resolve("sandbox.kubeconfig");
        Files.writeString(file, "stale");
        cluster.writeKubeconfig(file);
        assertThat(Files.readString(file)).startsWith("apiVersion: v1").contains(cluster.url());
        try (var siblings = Files.list(dir)) {
            assertThat(siblings).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void discoveryLeavesObjectPathsToTheStoreAndRefusesOtherPaths() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> apps = http.send(get("/apis/apps/v1"), HttpResponse.BodyHandlers.ofString());
        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(apps.body()).contains("\"name\":\"deployments\"", "\"shortNames\":[\"deploy\"]",
                "\"name\":\"deployments/status\"", "\"name\":\"deployments/scale\"");
        HttpResponse<String> groups = http.send(get("/apis"), HttpResponse.BodyHandlers.ofString());
        assertThat(groups.body()).contains("\"preferredVersion\":{\"groupVersion\":\"networking.istio.io/v1\"",
                "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3");

        // The store would answer these with every object it holds; kubectl needs a 404 to go without.
        assertThat(http.send(get("/openapi/v3"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(get("/apis/example.com/v1"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
        assertThat(http.send(get("/readyz"), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");

        // CRUD through the paths discovery announces, as before.
        client.apps().deployments().inNamespace(NS).resource(Fixtures.revision("reviews", "reviews-v1", "r:1", 1))
                .create();
        HttpResponse<String> list = http.send(get("/apis/apps/v1/namespaces/default/deployments"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("\"name\":\"reviews-v1\"");
        assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).hasSize(1);
    }

    @Test
    void kubectlReadsIstioObjectsAtTheVersionTheyAreWrittenAt() {
        cluster.close();
        try (SandboxCluster older = SandboxCluster.start(0, IstioApiVersion.V1BETA1)) {
            // As the worker writes them with --istio-version v1beta1: rendered at that apiVersion, sent to its path.
            new IstioResources(older.client(), IstioApiVersion.V1BETA1).virtualServices().createIfMissing(
                    new VirtualServiceBuilder(Istio.weighted("reviews", "reviews-v1", 100))
                            .withApiVersion(IstioApiVersion.V1BETA1.apiVersion()).build());
            Kubectl kubectl = new Kubectl(older.writeKubeconfig(dir.resolve("older.kubeconfig")), dir);

            assertThat(kubectl.get("vs", "reviews", "-o", "jsonpath={.apiVersion} {.spec.http[0].route[0].weight}"))
                    .isEqualTo("networking.istio.io/v1beta1 100");
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(cluster.url() + path)).GET().build();
    }

    private int readyOf(String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }
}
