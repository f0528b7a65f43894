package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import dev.velatemporal.sandbox.FreePort;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev stack on free ports, driven only through the starter's command entry point, as a user drives it; the
 * cluster read back through a client built from the kubeconfig the dev stack wrote, and through kubectl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    private static final Path EXAMPLES = Path.of("../examples/bookinfo");

    @TempDir
    static Path dir;

    private DevStack stack;
    private KubernetesClient kube;
    private StarterRunner starter;

    @BeforeAll
    void start() {
        stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(300)));
        kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(stack.kubeconfig().toFile())).build();
        starter = new StarterRunner(stack.temporalAddress());
    }

    @AfterAll
    void stop() {
        kube.close();
        stack.close();
    }

    @Test
    void theSeedStoryThroughTheStarter() throws Exception {
        Run first = starter("apply", "-f", EXAMPLES.resolve("first-deploy.yaml").toString(), "--wait");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("applied as generation 1 of workflow default.book-info");
        JsonNode deployed = status("book-info", "default");
        assertThat(deployed.get("phase").asText()).isEqualTo("succeeded");
        assertThat(revisions(deployed)).containsExactly("reviews-v1 2/2 100");
        assertThat(ready("default", "reviews-v1")).isEqualTo(2);

        Run unchanged = starter("apply", "-f", EXAMPLES.resolve("first-deploy.yaml").toString());
        assertThat(unchanged.exit()).isZero();
        assertThat(unchanged.out()).contains("unchanged since generation 1");

        Run rollout = starter("apply", "-f", EXAMPLES.resolve("rollout-v2.yaml").toString(), "--wait");
        assertThat(rollout.exit()).as(rollout.err()).isZero();
        JsonNode suspended = status("book-info", "default");
        assertThat(suspended.get("generation").asInt()).isEqualTo(2);
        assertThat(suspended.get("phase").asText()).isEqualTo("suspended");
        assertThat(suspended.get("currentStep").asText()).isEqualTo("manual-approval");
        assertThat(suspended.get("message").asText()).isEqualTo("waiting for resume at step manual-approval");
        assertThat(stepPhases(suspended)).containsExactly("rollout-1st-batch succeeded", "manual-approval suspended",
                "rollout-rest pending");
        assertThat(revisions(suspended)).containsExactly("reviews-v1 1/1 90", "reviews-v2 1/1 10");
        assertThat(weights("default")).isEqualTo("reviews-v1=90,reviews-v2=10");

        Run traffic = starter("traffic", "book-info", "reviews", "--kubeconfig", stack.kubeconfig().toString());
        assertThat(traffic.exit()).as(traffic.err()).isZero();
        assertThat(traffic.out()).containsPattern("reviews-v1 (8[7-9]|9[0-3])\\d* \\(").contains("reviews-v2");

        Run resume = starter("resume", "book-info", "--wait");
        assertThat(resume.exit()).as(resume.err()).isZero();
        JsonNode released = status("book-info", "default");
        assertThat(released.get("phase").asText()).isEqualTo("succeeded");
        assertThat(revisions(released)).containsExactly("reviews-v2 2/2 100");
        assertThat(weights("default")).isEqualTo("reviews-v2=100");
        assertThat(kube.apps().deployments().inNamespace("default").withName("reviews-v1").get()).isNull();

        Run again = starter("resume", "book-info");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: book-info: nothing is suspended (generation 2 succeeded); see"
                + " bin/starter status book-info\n");

        String kubectlDeployments = kubectl("get", "deploy,svc");
        assertThat(kubectlDeployments).contains("deployment.apps/reviews-v2", "2/2", "service/reviews")
                .doesNotContain("reviews-v1");
        String kubectlRoute = kubectl("get", "virtualservice", "reviews", "-o", "yaml");
        assertThat(kubectlRoute).contains("subset: reviews-v2", "weight: 100").doesNotContain("reviews-v1");
    }

    @Test
    void aResumeSentAsTheTemporalCliSendsItResumesTheRollout() throws Exception {
        String ns = "raw-resume";
        assertThat(starter("apply", "-f", copyInto(ns, "first-deploy.yaml").toString(), "--wait").exit()).isZero();
        assertThat(starter("apply", "-f", copyInto(ns, "rollout-v2.yaml").toString(), "--wait").exit()).isZero();
        assertThat(status("book-info", ns).get("phase").asText()).isEqualTo("suspended");

        // temporal workflow signal --workflow-id raw-resume.book-info --name resume: no input, no run ID.
        stack.temporal().stubs().blockingStub().signalWorkflowExecution(SignalWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(ns + ".book-info"))
                .setSignalName("resume")
                .setIdentity("temporal-cli")
                .build());

        Run watch = starter("watch", "book-info", "-n", ns);
        assertThat(watch.exit()).as(watch.err()).isZero();
        assertThat(watch.out()).contains("phase: succeeded", "[####################]");
        JsonNode released = status("book-info", ns);
        assertThat(revisions(released)).containsExactly("reviews-v2 2/2 100");
        assertThat(weights(ns)).isEqualTo("reviews-v2=100");
    }

    @Test
    void rollbackYamlWhileSuspendedGivesEverythingBackToReviewsV1() throws Exception {
        String ns = "rollback";
        assertThat(starter("apply", "-f", copyInto(ns, "first-deploy.yaml").toString(), "--wait").exit()).isZero();
        assertThat(starter("apply", "-f", copyInto(ns, "rollout-v2.yaml").toString(), "--wait").exit()).isZero();
        Run rollback = starter("apply", "-f", copyInto(ns, "rollback.yaml").toString(), "--wait");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        JsonNode status = status("book-info", ns);
        assertThat(status.get("phase").asText()).isEqualTo("succeeded");
        assertThat(revisions(status)).containsExactly("reviews-v1 2/2 100");
        assertThat(weights(ns)).isEqualTo("reviews-v1=100");
        assertThat(ready(ns, "reviews-v1")).isEqualTo(2);
        assertThat(kube.apps().deployments().inNamespace(ns).withName("reviews-v2").get()).isNull();

        Run delete = starter("delete", "book-info", "-n", ns, "--wait");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(kube.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(kube.resources(VirtualService.class).inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aWeightedTargetOutsideTheHistoryIsRefusedAndNothingIsApplied() throws Exception {
        String ns = "history";
        assertThat(starter("apply", "-f", copyInto(ns, "first-deploy.yaml").toString(), "--wait").exit()).isZero();
        String v9 = Files.readString(copyInto(ns, "rollout-v2.yaml")).replace("revision: reviews-v2",
                "revision: reviews-v9");
        Path file = dir.resolve("v9.yaml");
        Files.writeString(file, v9);

        Run refused = starter("apply", "-f", file.toString(), "--wait");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("reviews-v9", "nothing was applied");
        assertThat(status("book-info", ns).get("generation").asInt()).isEqualTo(1);
        assertThat(kube.apps().deployments().inNamespace(ns).withName("reviews-v2").get()).isNull();
    }

    @Test
    void errorsAreOneLineWithTheNextStep() throws Exception {
        int nobody = FreePort.find();
        Run unreachable = starter("status", "book-info", "--address", "localhost:" + nobody);
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach Temporal at localhost:" + nobody, "bin/worker --dev")
                .doesNotContain("\tat ");

        Run unknown = starter("status", "no-such-app");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no application no-such-app in namespace default", "apply it");

        Path invalid = dir.resolve("invalid.yaml");
        Files.writeString(invalid, Files.readString(EXAMPLES.resolve("first-deploy.yaml"))
                .replace("name: book-info", "name: never-started").replace("port: 9080", "port: 70000"));
        Run refused = starter("apply", "-f", invalid.toString(), "--wait");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("70000 is not a port");
        assertThat(workflowExists("default.never-started")).as("nothing started").isFalse();
    }

    // --- the starter as a user runs it ------------------------------------------------------------------------

    private Run starter(String... args) {
        return starter.run(args);
    }

    private JsonNode status(String app, String namespace) throws IOException {
        return starter.status(app, namespace);
    }

    private static List<String> revisions(JsonNode status) {
        List<String> revisions = new ArrayList<>();
        for (JsonNode revision : status.get("components").get(0).get("revisions")) {
            revisions.add(revision.get("name").asText() + " " + revision.get("readyReplicas").asInt() + "/"
                    + revision.get("replicas").asInt() + " " + revision.get("weight").asInt());
        }
        return revisions;
    }

    private static List<String> stepPhases(JsonNode status) {
        List<String> steps = new ArrayList<>();
        for (JsonNode step : status.get("steps")) {
            steps.add(step.get("name").asText() + " " + step.get("phase").asText());
        }
        return steps;
    }

    private Path copyInto(String namespace, String file) throws IOException {
        Path copy = dir.resolve(namespace + "-" + file);
        Files.writeString(copy, Files.readString(EXAMPLES.resolve(file))
                .replaceFirst("(?m)^  namespace: default$", "  namespace: " + namespace));
        return copy;
    }

    // --- the cluster as a user reads it -----------------------------------------------------------------------

    private int ready(String namespace, String name) {
        Deployment deployment = kube.apps().deployments().inNamespace(namespace).withName(name).get();
        Integer ready = deployment.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }

    private String weights(String namespace) {
        VirtualService service = kube.resources(VirtualService.class).inNamespace(namespace).withName("reviews").get();
        return service.getSpec().getHttp().get(0).getRoute().stream()
                .map(r -> r.getDestination().getSubset() + "=" + r.getWeight())
                .collect(Collectors.joining(","));
    }

    private boolean workflowExists(String workflowId) {
        try {
            stack.temporal().stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest
                    .newBuilder().setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
            return true;
        } catch (io.grpc.StatusRuntimeException e) {
            return false;
        }
    }

    private String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", stack.kubeconfig().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
