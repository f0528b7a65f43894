package dev.velatemporal.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.cli.StarterMain;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.sandbox.FreePort;
import dev.velatemporal.worker.WorkerMain;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 section 4, crash safety: {@code temporal server start-dev}, the sandbox API with its kubelet
 * ({@link SandboxMain}, recording every write) and the production worker ({@link WorkerMain}) as three processes.
 * Each run plays the seed story (first deploy, rollout-v2, then resume, or on every other run the rollback signal:
 * compensation) in a namespace of its own, SIGKILLs the worker at a random moment (a seeded random number of the
 * worker's writes into the run, plus a random delay: in a scale, a traffic shift, a readiness wait or the
 * compensation), starts a new worker, and checks the end state (replicas, ready pods, weights, subsets, phase) and
 * that no intended write was executed twice. A last run sends SIGTERM instead: the worker must stop cleanly (exit
 * 0) and the story still end right.
 *
 * <p>Not part of {@code mvn verify}: {@code mvn -Pcrash -pl devstack -am test -Dtest=CrashSafetyTest
 * -Dsurefire.failIfNoSpecifiedTests=false} runs 3 kills, {@code -Dcrash.runs=20} as CI does; {@code -Dcrash.seed=N}
 * replays a seed (as close as timing allows). The summary goes to {@code target/crash-summary.txt}.
 */
@Tag("crash")
@EnabledIfSystemProperty(named = "crash.runs", matches = "\\d+")
class CrashSafetyTest {

    private static final String APP = "book-info";
    private static final String TASK_QUEUE = "crash-safety";
    private static final Duration WORKER_START = Duration.ofSeconds(90);
    /** Longer than the longest stall a kill can cause: a call's StartToClose timeout (30 s) plus backoff. */
    private static final String STORY_TIMEOUT = "3m";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String address;
    private String writeLogUrl;
    private Path kubeconfig;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JavaProcess> workers = new ArrayList<>();
    private JavaProcess worker;
    private int workerCount;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void theSeedStorySurvivesWorkerKillsAtRandomMoments() throws Exception {
        Path cli = TemporalCliRequired.path();
        int runs = Integer.getInteger("crash.runs");
        long seed = Long.getLong("crash.seed", System.currentTimeMillis());
        System.out.println("crash safety: " + runs + " kill runs and 1 SIGTERM run, seed " + seed
                + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Instant began = Instant.now();
        int port = FreePort.find();
        address = "localhost:" + port;
        kubeconfig = dir.resolve("sandbox.kubeconfig");
        List<RunResult> results = new ArrayList<>();
        try (CliTemporal temporal = CliTemporal.start(cli, port, 0, Optional.empty(), dir.resolve("temporal.log"));
                JavaProcess sandbox = JavaProcess.start(dir, SandboxMain.class, "--kubeconfig",
                        kubeconfig.toString(), "--pod-ready-delay", "300ms");
                TemporalConnection connection = TemporalConnection.open(TemporalOptions.local(port).resolve(),
                        Duration.ofSeconds(10))) {
            String apiUrl = sandbox.awaitLine("^sandbox API at (\\S+)$", WORKER_START).group(1);
            writeLogUrl = sandbox.awaitLine("^write log at (\\S+)$", WORKER_START).group(1);
            sandbox.awaitLine("^sandbox ready$", WORKER_START);
            try (KubernetesClient kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                    .withMasterUrl(apiUrl).withHttp2Disable(true)
                    .withCustomHeaders(Map.of("X-Vela-Sandbox-Client", "test")).build()).build()) {
                startWorker();
                for (int run = 1; run <= runs + 1; run++) {
                    boolean sigterm = run == runs + 1;
                    boolean rollback = run % 2 == 0;
                    // Kill after the k-th write of the worker in this run (the story makes about 20 to 30),
                    // then a random delay: often inside the readiness wait that follows a scale.
                    int afterWrites = 1 + random.nextInt(18);
                    long delayMillis = random.nextInt(1500);
                    RunResult result = run(run, rollback, sigterm, afterWrites, delayMillis, kube, connection);
                    results.add(result);
                    System.out.println("crash safety: " + result);
                }
            } finally {
                workers.forEach(JavaProcess::close);
                // Each worker's output, for a failed run's post-mortem (CI keeps target/).
                Path logs = Files.createDirectories(Path.of("target", "crash-logs"));
                for (int i = 0; i < workers.size(); i++) {
                    Files.writeString(logs.resolve("worker-" + (i + 1) + ".log"), workers.get(i).transcript());
                }
                Files.writeString(logs.resolve("sandbox.log"), sandbox.transcript());
                sandbox.terminate();
            }
        }
        long killsSurvived = results.stream().filter(r -> !r.sigterm() && r.ok()).count();
        long kills = results.stream().filter(r -> !r.sigterm()).count();
        int duplicates = results.stream().mapToInt(r -> r.duplicates().size()).sum();
        int reapplies = results.stream().mapToInt(RunResult::reapplies).sum();
        boolean sigtermOk = results.stream().filter(RunResult::sigterm).allMatch(RunResult::ok);
        String summary = killsSurvived + "/" + kills + " kills survived, " + duplicates + " duplicate writes"
                + " (" + reapplies + " no-op re-applies); SIGTERM: " + (sigtermOk ? "graceful" : "FAILED")
                + "; seed " + seed + ", " + Duration.between(began, Instant.now()).toSeconds() + " s";
        System.out.println("crash safety: " + summary);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("crash-summary.txt"), summary + "\n"
                + results.stream().map(RunResult::toString).collect(Collectors.joining("\n")) + "\n");
        assertThat(results).as(summary).allMatch(RunResult::ok);
    }

    /** One run of the story in namespace {@code crash-<run>}, the worker killed (or SIGTERMed) once. */
    private RunResult run(int run, boolean rollback, boolean sigterm, int afterWrites, long delayMillis,
            KubernetesClient kube, TemporalConnection connection) throws Exception {
        String namespace = "crash-" + run;
        Instant began = Instant.now();
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        Path firstDeploy = seedFile("first-deploy.yaml", namespace);
        Path rolloutV2 = seedFile("rollout-v2.yaml", namespace);
        CompletableFuture<String> story = CompletableFuture.supplyAsync(() -> {
            starter("apply", "-f", firstDeploy.toString(), "--wait");
            starter("apply", "-f", rolloutV2.toString(), "--wait");
            starter(rollback ? "rollback" : "resume", APP, "-n", namespace, "--wait");
            return "done";
        });
        // The kill: after the chosen write of this run's worker, and the delay.
        String killPoint = "none (the story ended first)";
        while (!story.isDone()) {
            List<JsonNode> writes = workerWrites(namespace);
            if (writes.size() >= afterWrites) {
                Thread.sleep(delayMillis);
                if (story.isDone()) {
                    break;
                }
                List<JsonNode> now = workerWrites(namespace);
                JsonNode last = now.get(now.size() - 1);
                killPoint = "after write " + afterWrites + " + " + delayMillis + " ms; last write "
                        + last.get("method").asText() + " " + shortPath(last.get("path").asText())
                        + "; in flight: " + pendingActivities(connection, namespace);
                if (sigterm) {
                    worker.terminate();
                    int code = worker.awaitExit(Duration.ofSeconds(60));
                    if (code != 0 || !worker.output().contains("worker stopped cleanly (SIGTERM)")) {
                        story.cancel(true);
                        return RunResult.failed(run, rollback, true, killPoint, "SIGTERM: exit code " + code
                                + ", output:\n" + worker.transcript(), began);
                    }
                } else {
                    worker.kill();
                }
                startWorker();
                break;
            }
            Thread.sleep(20);
        }
        try {
            story.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            return RunResult.failed(run, rollback, sigterm, killPoint, "the story did not end: " + e, began);
        }
        List<String> problems = new ArrayList<>();
        ApplicationStatus status = connection.client()
                .newWorkflowStub(ApplicationWorkflow.class, namespace + "." + APP).status();
        GenerationPhase expected = rollback ? GenerationPhase.ROLLED_BACK : GenerationPhase.SUCCEEDED;
        check(problems, "phase", status.generation() + " " + status.phase(), "2 " + expected);
        String stable = rollback ? "reviews-v1" : "reviews-v2";
        String gone = rollback ? "reviews-v2" : "reviews-v1";
        Deployment deployment = kube.apps().deployments().inNamespace(namespace).withName(stable).get();
        check(problems, stable + " replicas", deployment == null ? null : deployment.getSpec().getReplicas(), 2);
        check(problems, stable + " ready", deployment == null ? null : deployment.getStatus().getReadyReplicas(), 2);
        check(problems, gone, kube.apps().deployments().inNamespace(namespace).withName(gone).get(), null);
        check(problems, "routes", routes(kube, namespace), rollback ? "reviews" : "reviews-v2=100");
        check(problems, "subsets", subsets(kube, namespace), List.of(stable));
        List<String> duplicates = new ArrayList<>();
        int reapplies = 0;
        Map<String, JsonNode> lastByObject = new HashMap<>();
        for (JsonNode write : workerWrites(namespace)) {
            if (write.get("code").asInt() >= 300) {
                continue; // not executed: a create that found its object, a delete of one already gone
            }
            JsonNode previous = lastByObject.put(write.get("object").asText(), write);
            if (previous != null && same(previous, write)) {
                if (write.get("changed").asBoolean()) {
                    duplicates.add(write.get("method").asText() + " " + write.get("path").asText() + " "
                            + write.get("body").asText());
                } else {
                    reapplies++;
                }
            }
        }
        if (!duplicates.isEmpty()) {
            problems.add("intended writes executed twice: " + duplicates);
        }
        return new RunResult(run, rollback, sigterm, killPoint, problems, duplicates, reapplies,
                Duration.between(began, Instant.now()));
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return a.get("method").asText().equals(b.get("method").asText())
                && a.get("path").asText().equals(b.get("path").asText())
                && Objects.equals(a.get("body").asText(null), b.get("body").asText(null));
    }

    private static void check(List<String> problems, String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            problems.add(what + ": " + actual + ", expected " + expected);
        }
    }

    private void startWorker() throws InterruptedException {
        workerCount++;
        worker = JavaProcess.start(dir, WorkerMain.class, "--address", address, "--kubeconfig", kubeconfig.toString(),
                "--task-queue", TASK_QUEUE, "--reconcile-interval", "0", "--shutdown-grace", "20s");
        workers.add(worker);
        worker.awaitLine("^worker ready", WORKER_START);
    }

    private void starter(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--address", address, "--task-queue", TASK_QUEUE, "--timeout", STORY_TIMEOUT));
        Instant began = Instant.now();
        int code = StarterMain.run(line.toArray(String[]::new));
        System.out.println("crash safety: bin/starter " + args[0] + " took "
                + Duration.between(began, Instant.now()).toMillis() + " ms");
        if (code != 0) {
            throw new IllegalStateException("bin/starter " + String.join(" ", line) + " exited with " + code);
        }
    }

    /** The seed file, in namespace {@code namespace}. */
    private Path seedFile(String name, String namespace) throws IOException {
        Path source = Path.of("..", "reference", "kubevela-v1.1", name);
        Path copy = dir.resolve(namespace + "-" + name);
        Files.writeString(copy, Files.readString(source).replace("namespace: default", "namespace: " + namespace));
        return copy;
    }

    /** The worker's executed-or-refused writes into {@code namespace}, in order. */
    private List<JsonNode> workerWrites(String namespace) throws IOException, InterruptedException {
        JsonNode log = null;
        for (int attempt = 1; log == null; attempt++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(writeLogUrl)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode read = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (read != null && read.isArray()) {
                log = read;
            } else if (attempt == 3) {
                // Never read a refusal or an error document as a log with no writes in it.
                throw new IOException("the write log answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(300, response.body().length())));
            } else {
                Thread.sleep(200);
            }
        }
        List<JsonNode> writes = new ArrayList<>();
        for (JsonNode write : log) {
            if (write.get("client").asText().equals("worker")
                    && write.get("path").asText().contains("/namespaces/" + namespace + "/")) {
                writes.add(write);
            }
        }
        return writes;
    }

    private static String shortPath(String path) {
        String[] segments = path.split("\\?")[0].split("/");
        return segments.length < 2 ? path : segments[segments.length - 2] + "/" + segments[segments.length - 1];
    }

    private static String pendingActivities(TemporalConnection connection, String namespace) {
        try {
            return connection.stubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace(connection.namespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(namespace + "." + APP))
                            .build())
                    .getPendingActivitiesList().stream().map(PendingActivityInfo::getActivityType)
                    .map(type -> type.getName()).collect(Collectors.joining(",", "[", "]"));
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String routes(KubernetesClient kube, String namespace) {
        VirtualService service = kube.resources(VirtualService.class).inNamespace(namespace).withName("reviews").get();
        return service == null ? null : service.getSpec().getHttp().get(0).getRoute().stream()
                .map(r -> r.getDestination().getSubset() == null ? r.getDestination().getHost()
                        : r.getDestination().getSubset() + "=" + r.getWeight())
                .collect(Collectors.joining(","));
    }

    private static List<String> subsets(KubernetesClient kube, String namespace) {
        DestinationRule rule = kube.resources(DestinationRule.class).inNamespace(namespace).withName("reviews").get();
        return rule == null ? null : rule.getSpec().getSubsets().stream().map(s -> s.getName()).toList();
    }

    record RunResult(int run, boolean rollback, boolean sigterm, String killPoint, List<String> problems,
            List<String> duplicates, int reapplies, Duration took) {

        static RunResult failed(int run, boolean rollback, boolean sigterm, String killPoint, String problem,
                Instant began) {
            return new RunResult(run, rollback, sigterm, killPoint, List.of(problem), List.of(), 0,
                    Duration.between(began, Instant.now()));
        }

        boolean ok() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return "run " + run + " (" + (rollback ? "rollback" : "resume") + ", " + (sigterm ? "SIGTERM" : "SIGKILL")
                    + ", " + took.toSeconds() + " s): " + (ok() ? "ok" : "FAILED " + problems) + "; "
                    + reapplies + " no-op re-applies; " + killPoint;
        }
    }
}
