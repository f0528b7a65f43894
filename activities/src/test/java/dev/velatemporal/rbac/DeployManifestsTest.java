package dev.velatemporal.rbac;

import static dev.velatemporal.rbac.DeployFiles.allOfKind;
import static dev.velatemporal.rbac.DeployFiles.document;
import static dev.velatemporal.rbac.DeployFiles.documents;
import static dev.velatemporal.rbac.DeployFiles.granted;
import static dev.velatemporal.rbac.DeployFiles.list;
import static dev.velatemporal.rbac.DeployFiles.map;
import static dev.velatemporal.rbac.DeployFiles.name;
import static dev.velatemporal.rbac.DeployFiles.ofKind;
import static dev.velatemporal.rbac.DeployFiles.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.rbac.ApiAccessRecorder.Grant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment files parse, and say what they must: the compose stack runs Temporal on PostgreSQL with its
 * schema, the default namespace and our search attributes; the Kubernetes manifests wire the worker's service
 * account to its role and run it locked down. Checked on the parsed YAML, not on the text.
 */
class DeployManifestsTest {

    private static final Path KUBERNETES_TLS = DeployFiles.DEPLOY.resolve("kubernetes-tls");
    private static final Pattern DEFAULTED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DeployFiles.DEPLOY)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }
        assertThat(files).as("YAML files under %s", DeployFiles.DEPLOY).hasSizeGreaterThanOrEqualTo(8);
        for (Path file : Stream.concat(files.stream(), Stream.of(DeployFiles.COMPOSE)).toList()) {
            assertThat(documents(file)).as("documents of %s", file).isNotEmpty();
        }
        for (Path dir : List.of(DeployFiles.KUBERNETES, KUBERNETES_TLS, DeployFiles.CLUSTER_WIDE)) {
            try (Stream<Path> manifests = Files.list(dir)) {
                for (Path file : manifests.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    for (Map<String, Object> object : documents(file)) {
                        assertThat(object).as("%s", file).containsKeys("apiVersion", "kind");
                        if (!"Kustomization".equals(object.get("kind"))) {
                            assertThat(name(object)).as("metadata.name in %s", file).isNotBlank();
                        }
                    }
                }
            }
        }
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Set<String> manifests;
        try (Stream<Path> files = Files.list(DeployFiles.KUBERNETES)) {
            manifests = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Map<String, Object> kustomization = document(DeployFiles.KUBERNETES.resolve("kustomization.yaml"));
        assertThat(list(kustomization.get("resources"), "resources")).map(Object::toString)
                .containsExactlyInAnyOrderElementsOf(manifests)
                .contains("namespace.yaml", "serviceaccount.yaml", "rbac.yaml", "deployment.yaml");

        Map<String, Object> tls = document(KUBERNETES_TLS.resolve("kustomization.yaml"));
        assertThat(list(tls.get("resources"), "resources")).containsExactly("../kubernetes");
        for (Object patch : list(tls.get("patches"), "patches")) {
            assertThat(KUBERNETES_TLS.resolve(map(patch, "a patch").get("path").toString())).exists();
        }
    }

    @Test
    void theWorkerMayActInExactlyTheNamespacesItIsAllowedAndNowhereElse() {
        Map<String, Object> namespace = document(DeployFiles.KUBERNETES.resolve("namespace.yaml"));
        Map<String, Object> account = document(DeployFiles.KUBERNETES.resolve("serviceaccount.yaml"));
        List<Map<String, Object>> rbac = documents(DeployFiles.RBAC);
        Map<String, Object> deployment = document(DeployFiles.KUBERNETES.resolve("deployment.yaml"));

        assertThat(name(namespace)).isEqualTo("vela-system");
        assertThat(path(account, "metadata").get("namespace")).isEqualTo("vela-system");
        assertThat(path(deployment, "metadata").get("namespace")).isEqualTo("vela-system");
        assertThat(path(deployment, "spec", "template", "spec").get("serviceAccountName")).isEqualTo(name(account));
        assertThat(rbac).as("kinds in %s: namespace-scoped only", DeployFiles.RBAC).map(d -> d.get("kind"))
                .allMatch(kind -> kind.equals("Role") || kind.equals("RoleBinding"));

        List<Map<String, Object>> roles = allOfKind(rbac, "Role");
        List<Map<String, Object>> bindings = allOfKind(rbac, "RoleBinding");
        Set<String> allowed = new TreeSet<>(Arrays.asList(flag(workerArgs(deployment), "--allowed-namespaces")
                .split(",")));
        assertThat(allowed).as("--allowed-namespaces").isNotEmpty();
        assertThat(namespaces(roles)).as("namespaces with a Role").isEqualTo(allowed);
        assertThat(namespaces(bindings)).as("namespaces with a RoleBinding").isEqualTo(allowed);
        Set<Grant> rules = granted(roles.get(0));
        for (Map<String, Object> role : roles) {
            assertThat(granted(role)).as("rules of the Role in %s", DeployFiles.namespace(role)).isEqualTo(rules);
        }
        for (Map<String, Object> binding : bindings) {
            Map<String, Object> role = roles.stream()
                    .filter(r -> DeployFiles.namespace(r).equals(DeployFiles.namespace(binding))).findFirst()
                    .orElseThrow();
            assertThat(path(binding, "roleRef")).containsEntry("kind", "Role").containsEntry("name", name(role));
            assertThat(list(binding.get("subjects"), "subjects")).containsExactly(Map.of(
                    "kind", "ServiceAccount", "name", name(account), "namespace", "vela-system"));
        }
    }

    @Test
    void theClusterWideOverlayTradesEveryRoleForOneClusterRoleWithTheSameRules() {
        Map<String, Object> kustomization = document(DeployFiles.CLUSTER_WIDE.resolve("kustomization.yaml"));
        assertThat(list(kustomization.get("resources"), "resources")).containsExactly("../kubernetes",
                "cluster-role.yaml");
        List<Map<String, Object>> base = documents(DeployFiles.RBAC);
        List<Map<String, Object>> clusterWide = documents(DeployFiles.CLUSTER_ROLE);
        Map<String, Object> role = ofKind(clusterWide, "ClusterRole");
        Map<String, Object> binding = ofKind(clusterWide, "ClusterRoleBinding");
        assertThat(granted(role)).isEqualTo(granted(allOfKind(base, "Role").get(0)));
        assertThat(path(binding, "roleRef")).containsEntry("kind", "ClusterRole").containsEntry("name", name(role));
        assertThat(list(binding.get("subjects"), "subjects")).containsExactly(Map.of(
                "kind", "ServiceAccount", "name", "vela-temporal-worker", "namespace", "vela-system"));

        // Its patches delete each Role and RoleBinding of the base, and start the worker without the namespace list.
        Set<String> deleted = new TreeSet<>();
        List<Object> args = null;
        for (Object item : list(kustomization.get("patches"), "patches")) {
            Object patch = new org.yaml.snakeyaml.Yaml().load(map(item, "a patch").get("patch").toString());
            if (patch instanceof Map<?, ?> deletion) {
                Map<String, Object> object = map(deletion, "a delete patch");
                assertThat(object.get("$patch")).isEqualTo("delete");
                deleted.add(object.get("kind") + " " + DeployFiles.namespace(object) + "/" + name(object));
            } else {
                Map<String, Object> replace = map(list(patch, "a JSON patch").get(0), "a JSON patch operation");
                assertThat(replace).containsEntry("op", "replace")
                        .containsEntry("path", "/spec/template/spec/containers/0/args");
                args = list(replace.get("value"), "args");
            }
        }
        Set<String> inBase = new TreeSet<>();
        base.forEach(d -> inBase.add(d.get("kind") + " " + DeployFiles.namespace(d) + "/" + name(d)));
        assertThat(deleted).as("what the overlay deletes").isEqualTo(inBase);
        List<Object> baseArgs =
                new ArrayList<>(workerArgs(document(DeployFiles.KUBERNETES.resolve("deployment.yaml"))));
        int flag = baseArgs.indexOf("--allowed-namespaces");
        baseArgs.subList(flag, flag + 2).clear();
        assertThat(args).as("the overlay's args").isEqualTo(baseArgs);
    }

    @Test
    void kustomizeBuildsTheDefaultAndTheClusterWideLayout() throws Exception {
        List<Map<String, Object>> scoped = kustomize(DeployFiles.KUBERNETES);
        assertThat(kinds(scoped)).containsExactly("Namespace", "ServiceAccount", "Role", "RoleBinding", "Deployment");
        assertThat(workerArgs(ofKind(scoped, "Deployment"))).contains("--allowed-namespaces");

        List<Map<String, Object>> clusterWide = kustomize(DeployFiles.CLUSTER_WIDE);
        assertThat(kinds(clusterWide)).containsExactly("Namespace", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Deployment");
        assertThat(workerArgs(ofKind(clusterWide, "Deployment"))).doesNotContain("--allowed-namespaces")
                .contains("--metrics-port");
        assertThat(kinds(kustomize(KUBERNETES_TLS))).contains("Role", "RoleBinding").doesNotContain("ClusterRole");
    }

    @Test
    void theProbesAskTheWorkersMetricsPortWhetherItLivesAndPolls() {
        Map<String, Object> deployment = document(DeployFiles.KUBERNETES.resolve("deployment.yaml"));
        Map<String, Object> worker = map(list(path(deployment, "spec", "template", "spec").get("containers"),
                "containers").get(0), "the container");
        Map<String, Object> port = map(list(worker.get("ports"), "ports").get(0), "the port");
        assertThat(port.get("containerPort").toString()).isEqualTo(flag(workerArgs(deployment), "--metrics-port"));

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(path(worker, probe, "httpGet")).as(probe)
                    .containsEntry("port", port.get("name"))
                    .containsEntry("path", probe.equals("readinessProbe") ? "/readyz" : "/healthz");
        }
        Map<String, Object> startup = path(worker, "startupProbe");
        int startupSeconds = (Integer) startup.get("periodSeconds") * (Integer) startup.get("failureThreshold");
        assertThat(startupSeconds).as("time the startup probe gives the worker to connect").isGreaterThanOrEqualTo(60);
        assertThat(path(deployment, "spec", "strategy", "rollingUpdate")).containsEntry("maxUnavailable", 0);
    }

    @Test
    void theWorkerRunsLockedDownAndDrainsOnShutdown() {
        Map<String, Object> deployment = document(DeployFiles.KUBERNETES.resolve("deployment.yaml"));
        Map<String, Object> pod = path(deployment, "spec", "template", "spec");
        List<Object> containers = list(pod.get("containers"), "containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> worker = map(containers.get(0), "the container");

        assertThat(pod.get("terminationGracePeriodSeconds")).isEqualTo(60);
        assertThat(path(pod, "securityContext").get("runAsNonRoot")).isEqualTo(true);
        assertThat(worker.get("image")).isEqualTo("vela-temporal-worker:latest");
        assertThat(list(worker.get("ports"), "ports")).map(p -> map(p, "a port").get("containerPort"))
                .containsExactly(9090);
        assertThat(list(worker.get("args"), "args")).containsExactly("--metrics-port", "9090", "--log-format", "json",
                "--allowed-namespaces", "default");
        assertThat(path(deployment, "spec", "template", "metadata", "annotations"))
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9090");
        assertThat(path(worker, "resources")).containsKeys("requests", "limits");
        Map<String, Object> security = path(worker, "securityContext");
        assertThat(security).containsEntry("runAsNonRoot", true).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(path(security, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
        assertThat(list(worker.get("volumeMounts"), "volumeMounts")).map(m -> map(m, "a mount").get("mountPath"))
                .containsExactly("/tmp");

        Map<String, Map<String, Object>> env = env(worker);
        assertThat(env.keySet()).contains("TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY");
        assertThat(env.get("TEMPORAL_NAMESPACE").get("value")).isEqualTo("default");
        assertThat(path(env.get("TEMPORAL_API_KEY"), "valueFrom", "secretKeyRef").get("optional")).isEqualTo(true);
    }

    @Test
    void theTlsOverlayMountsASecretWhereTheTemporalClientLooks() {
        Map<String, Object> patch = document(KUBERNETES_TLS.resolve("deployment-tls.yaml"));
        Map<String, Object> pod = path(patch, "spec", "template", "spec");
        Map<String, Object> worker = map(list(pod.get("containers"), "containers").get(0), "the container");

        Map<String, Map<String, Object>> env = env(worker);
        assertThat(env.keySet()).containsExactlyInAnyOrder("TEMPORAL_TLS_CLIENT_CERT_PATH",
                "TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_PATH");
        assertThat(env.values()).allSatisfy(v -> assertThat(v.get("value").toString()).startsWith("/etc/temporal/tls/"));
        Map<String, Object> mount = map(list(worker.get("volumeMounts"), "volumeMounts").get(0), "the mount");
        assertThat(mount).containsEntry("mountPath", "/etc/temporal/tls").containsEntry("readOnly", true);
        Map<String, Object> volume = map(list(pod.get("volumes"), "volumes").get(0), "the volume");
        assertThat(volume.get("name")).isEqualTo(mount.get("name"));
        assertThat(path(volume, "secret").get("secretName")).isEqualTo("vela-temporal-tls");
    }

    @Test
    void composeRunsTemporalOnPostgresWithTheUi() {
        Map<String, Object> services = path(document(DeployFiles.COMPOSE), "services");
        assertThat(services.keySet()).containsExactlyInAnyOrder("postgresql", "temporal-schema-setup", "temporal",
                "temporal-namespace-setup", "temporal-ui");

        Map<String, String> images = new LinkedHashMap<>();
        services.forEach((name, service) -> images.put(name, interpolate(map(service, name).get("image").toString())));
        assertThat(images.get("postgresql")).matches("postgres:\\d+\\.\\d+.*");
        assertThat(images.get("temporal")).matches("temporalio/server:\\d+\\.\\d+\\.\\d+");
        assertThat(images.get("temporal-schema-setup")).matches("temporalio/admin-tools:\\d+\\.\\d+\\.\\d+")
                .isEqualTo(images.get("temporal-namespace-setup"))
                .endsWith(images.get("temporal").substring(images.get("temporal").indexOf(':')));
        assertThat(images.get("temporal-ui")).matches("temporalio/ui:\\d+\\.\\d+\\.\\d+");
        assertThat(images.values()).noneMatch(i -> i.contains("auto-setup") || i.endsWith(":latest"));

        Map<String, Object> temporal = service(services, "temporal");
        assertThat(environment(temporal)).containsEntry("DB", "postgres12").containsEntry("POSTGRES_SEEDS", "postgresql");
        assertThat(list(temporal.get("ports"), "ports")).map(Object::toString).anyMatch(p -> p.endsWith(":7233:7233"));
        assertThat(list(service(services, "temporal-ui").get("ports"), "ports")).map(Object::toString)
                .anyMatch(p -> p.endsWith(":8080:8080"));
        assertThat(environment(service(services, "temporal-ui"))).containsEntry("TEMPORAL_ADDRESS", "temporal:7233")
                .containsKey("TEMPORAL_CORS_ORIGINS");
        assertThat(path(service(services, "postgresql"), "healthcheck")).containsKey("test");
        assertThat(path(temporal, "healthcheck")).containsKey("test");

        assertThat(condition(services, "temporal-schema-setup", "postgresql")).isEqualTo("service_healthy");
        assertThat(condition(services, "temporal", "temporal-schema-setup")).isEqualTo("service_completed_successfully");
        assertThat(condition(services, "temporal-namespace-setup", "temporal")).isEqualTo("service_healthy");
        assertThat(condition(services, "temporal-ui", "temporal")).isEqualTo("service_healthy");
    }

    @Test
    void composeMountsTheDynamicConfigTheServerIsToldToRead() {
        Map<String, Object> temporal = service(path(document(DeployFiles.COMPOSE), "services"), "temporal");
        String mount = list(temporal.get("volumes"), "volumes").get(0).toString();
        String[] parts = mount.split(":");
        Path hostDir = DeployFiles.ROOT.resolve(parts[0]);
        String file = environment(temporal).get("DYNAMIC_CONFIG_FILE_PATH");

        assertThat(file).startsWith(parts[1] + "/");
        Path onDisk = hostDir.resolve(file.substring(parts[1].length() + 1));
        assertThat(onDisk).as("the dynamic config file on the host").isRegularFile();
        assertThat(document(onDisk)).containsKey("system.forceSearchAttributesCacheRefreshOnRead");
    }

    @Test
    void composeSetsUpBothSchemasFromTheAdminToolsSchemaDirectories() {
        Map<String, Object> setup = service(path(document(DeployFiles.COMPOSE), "services"), "temporal-schema-setup");
        String script = script(setup);

        assertThat(script).contains("temporal-sql-tool --plugin postgres12", "create", "setup-schema -v 0.0",
                "update-schema -d", "/etc/temporal/schema/postgresql/v12/$$2/versioned",
                "schema temporal temporal", "schema temporal_visibility visibility");
    }

    @Test
    void composeCreatesTheDefaultNamespaceAndTheFourSearchAttributes() {
        Map<String, Object> setup = service(path(document(DeployFiles.COMPOSE), "services"), "temporal-namespace-setup");
        Map<String, String> environment = environment(setup);
        Map<String, String> attributes = Arrays.stream(environment.get("VELA_SEARCH_ATTRIBUTES").trim().split("\\s+"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> a + "," + b, LinkedHashMap::new));

        assertThat(environment).containsEntry("VELA_NAMESPACE", "default").containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
        assertThat(attributes).containsExactly(Map.entry("VelaApplication", "Keyword"),
                Map.entry("VelaNamespace", "Keyword"), Map.entry("VelaPhase", "Keyword"),
                Map.entry("VelaRevision", "Keyword"));
        assertThat(script(setup)).contains("temporal operator namespace create --namespace \"$$ns\"",
                "temporal operator search-attribute create --namespace \"$$ns\" --name \"$$1\" --type \"$$2\"",
                "for pair in $$VELA_SEARCH_ATTRIBUTES; do");
    }

    private static List<Object> workerArgs(Map<String, Object> deployment) {
        Map<String, Object> pod = path(deployment, "spec", "template", "spec");
        return list(map(list(pod.get("containers"), "containers").get(0), "the container").get("args"), "args");
    }

    /** The value after {@code flag} in {@code args}. */
    private static String flag(List<Object> args, String flag) {
        int at = args.indexOf(flag);
        assertThat(at).as("%s in %s", flag, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(at + 1).toString();
    }

    private static Set<String> namespaces(List<Map<String, Object>> objects) {
        return objects.stream().map(DeployFiles::namespace).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Object> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> o.get("kind")).toList();
    }

    /**
     * What {@code kubectl apply -k dir} would send: {@code kubectl kustomize dir}, parsed. Needs kubectl (which CI
     * installs); without it the test is skipped, except on CI.
     */
    private static List<Map<String, Object>> kustomize(Path dir) throws Exception {
        boolean kubectl = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "kubectl")));
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(kubectl, "kubectl is not on the PATH: kustomize builds of deploy/ not checked");
        }
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, output).isZero();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(output)) {
            objects.add(map(document, "a document"));
        }
        return objects;
    }

    private static Map<String, Object> service(Map<String, Object> services, String name) {
        return map(services.get(name), "service " + name);
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        path(service, "environment").forEach((k, v) -> environment.put(k, v == null ? null : v.toString()));
        return environment;
    }

    private static String condition(Map<String, Object> services, String service, String dependency) {
        return path(service(services, service), "depends_on", dependency).get("condition").toString();
    }

    /** A one-shot's shell script: {@code /bin/sh -euc} with the script as the command's one argument. */
    private static String script(Map<String, Object> service) {
        assertThat(service.get("entrypoint")).isEqualTo(List.of("/bin/sh", "-euc"));
        List<Object> command = list(service.get("command"), "command");
        assertThat(command).hasSize(1);
        return command.get(0).toString();
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object item : list(container.get("env"), "env")) {
            Map<String, Object> variable = map(item, "an env entry");
            env.put(variable.get("name").toString(), variable);
        }
        return env;
    }

    /** Compose's {@code ${VAR:-default}} with no VAR set: the default. */
    private static String interpolate(String value) {
        Matcher matcher = DEFAULTED_VARIABLE.matcher(value);
        String result = matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
        assertThat(result).as("%s after interpolation", value).doesNotContain("$");
        return result;
    }
}
