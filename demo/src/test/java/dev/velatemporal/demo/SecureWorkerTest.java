package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.velatemporal.activity.NamespacePolicy;
import dev.velatemporal.codec.EncryptedPayloads;
import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.connection.ClientExtras;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.worker.VelaWorker;
import dev.velatemporal.worker.WorkerSettings;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What keeps a worker to its namespaces and an Application's spec out of Temporal's database. */
class SecureWorkerTest {

    private static final Path EXAMPLES = Path.of("../examples/bookinfo");
    private static final String SECRET = "s3cr3t-value";

    @TempDir
    Path dir;

    @Test
    void aWorkerAllowedOnlyTeamARefusesAnApplicationInDefaultWithoutTouchingTheCluster() throws Exception {
        try (DevStack stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200))
                .withNamespaces(NamespacePolicy.of(List.of("team-a"))).withMetricsPort(0))) {
            StarterRunner starter = new StarterRunner(stack.temporalAddress());

            Run refused = starter.run("apply", "-f", EXAMPLES.resolve("first-deploy.yaml").toString(), "--wait");

            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("namespace default is not allowed on this worker"
                    + " (--allowed-namespaces team-a)");
            JsonNode status = starter.status("book-info", "default");
            assertThat(status.get("phase").asText()).isEqualTo("failed");
            assertThat(status.get("message").asText()).isEqualTo("namespace default is not allowed on this worker"
                    + " (--allowed-namespaces team-a); nothing was applied");
            for (JsonNode step : status.get("steps")) {
                assertThat(step.get("phase").asText()).as(step.get("name").asText()).isEqualTo("skipped");
            }
            assertThat(stack.kube().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
            assertThat(stack.kube().services().inAnyNamespace().list().getItems()).isEmpty();
            PrometheusText metrics = PrometheusText.scrape(stack.metricsUrl().orElseThrow());
            assertThat(metrics.sum("vela_kubernetes_requests_total")).as("API calls of the worker").isZero();

            Run allowed = starter.run("apply", "-f", copy("first-deploy.yaml", "team-a", false).toString(),
                    "--wait");
            assertThat(allowed.exit()).as(allowed.err()).isZero();
            assertThat(stack.kube().apps().deployments().inNamespace("team-a").withName("reviews-v1").get()
                    .getStatus().getReadyReplicas()).isEqualTo(2);
        }
    }

    @Test
    void withAPayloadKeyTheHistoryHoldsNoReadableSpecAndTheRolloutStillCompletes() throws Exception {
        Path keyFile = newKey("vela-payload.key");
        PayloadKey key = PayloadKey.fromFile(keyFile);
        try (DevStack stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200))
                .withPayloadKey(Optional.of(key)))) {
            StarterRunner starter = new StarterRunner(stack.temporalAddress(), "--payload-key-file",
                    keyFile.toString());

            Run applied = starter.run("apply", "-f", copy("first-deploy.yaml", "default", true).toString(), "--wait");

            assertThat(applied.exit()).as(applied.err()).isZero();
            assertThat(starter.status("book-info", "default").get("phase").asText()).isEqualTo("succeeded");
            List<EnvVar> env = stack.kube().apps().deployments().inNamespace("default").withName("productpage").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(env).extracting(EnvVar::getValue).contains(SECRET);

            TemporalView temporal = new TemporalView(stack.temporal());
            WorkflowExecution first = temporal.firstRun("default.book-info");
            List<HistoryEvent> history = temporal.history(first);
            List<Payload> payloads = payloads(history);
            assertThat(payloads).isNotEmpty().allSatisfy(payload -> {
                assertThat(EncryptedPayloads.isEncrypted(payload)).isTrue();
                assertThat(payload.getData().toStringUtf8()).doesNotContain("book-info", "examples-bookinfo");
            });
            for (HistoryEvent event : history) {
                assertThat(event.toByteString().toString(StandardCharsets.UTF_8)).as(event.getEventType().name())
                        .doesNotContain(SECRET, "DB_PASSWORD", "examples-bookinfo");
            }

            Run keyless = new StarterRunner(stack.temporalAddress()).run("status", "book-info");
            assertThat(keyless.exit()).isEqualTo(1);
            assertThat(keyless.err()).contains("payload encrypted with key " + key.id(),
                    "this process has no payload key");
        }
    }

    @Test
    void aWorkerWithTheWrongKeyFailsLoudlyAndAppliesNothing() throws Exception {
        Path keyFile = newKey("right.key");
        PayloadKey wrong = PayloadKey.fromFile(newKey("wrong.key"));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (DevStack stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200))
                .withPayloadKey(Optional.of(PayloadKey.fromFile(keyFile))));
                TemporalConnection wrongConnection = TemporalConnection.open(
                        TemporalOptions.local(stack.temporalPort()).resolve(), TemporalConnection.CONNECT_TIMEOUT,
                        ClientExtras.none().withPayloadKey(wrong))) {
            VelaWorker wrongWorker = VelaWorker.start(wrongConnection.client(), stack.kube(),
                    WorkerSettings.of("wrong-key", IstioApiVersion.V1, Duration.ofSeconds(1)));
            try {
                StarterRunner starter = new StarterRunner(stack.temporalAddress(), "--payload-key-file",
                        keyFile.toString(), "--task-queue", "wrong-key");
                // The apply update is never answered: the worker cannot read it. The starter says so (--timeout
                // bounds how long it gives a worker that took the workflow's tasks).
                Run applied = starter.run("apply", "-f", copy("first-deploy.yaml", "wrong", false).toString(),
                        "--wait", "--timeout", "6s");
                assertThat(applied.exit()).as(applied.err()).isEqualTo(1);
                // (The in-process worker's log lines share the captured standard error: the starter's is the last.)
                assertThat(applied.err().lines().reduce((first, second) -> second).orElse(""))
                        .startsWith("error: a worker took tasks of wrong.book-info within the last minute but has not"
                                + " answered its apply update in ");

                String expected = "payload encrypted with key " + PayloadKey.fromFile(keyFile).id()
                        + ", this process has key " + wrong.id();
                Instant giveUp = Instant.now().plusSeconds(20);
                while (logs.list.stream().noneMatch(event -> mentions(event.getThrowableProxy(), expected))) {
                    assertThat(Instant.now()).as("a worker log line saying: %s", expected).isBefore(giveUp);
                    Thread.sleep(100);
                }
                // The worker logs the failure, then reports it: the history shows it a moment later.
                TemporalView temporal = new TemporalView(stack.temporal());
                List<EventType> events = List.of();
                while (!events.contains(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)) {
                    assertThat(Instant.now()).as("a failed workflow task in %s", events).isBefore(giveUp);
                    Thread.sleep(100);
                    events = temporal.history(TemporalView.latest("wrong.book-info")).stream()
                            .map(HistoryEvent::getEventType).toList();
                }
                assertThat(events).doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
                assertThat(stack.kube().apps().deployments().inNamespace("wrong").list().getItems()).isEmpty();
            } finally {
                wrongWorker.close();
            }
        } finally {
            root.detachAppender(logs);
        }
    }

    private static boolean mentions(IThrowableProxy throwable, String text) {
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Every payload the history's events carry: inputs, results, signal arguments. */
    private static List<Payload> payloads(List<HistoryEvent> history) {
        List<Payload> payloads = new ArrayList<>();
        for (HistoryEvent event : history) {
            switch (event.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> payloads.addAll(
                        event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
                case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> payloads.addAll(
                        event.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloadsList());
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> payloads.addAll(
                        event.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> payloads.addAll(
                        event.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
                case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> payloads.addAll(
                        event.getWorkflowExecutionContinuedAsNewEventAttributes().getInput().getPayloadsList());
                default -> { }
            }
        }
        return payloads;
    }

    private Path newKey(String name) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = dir.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        return file;
    }

    /** The example in {@code namespace}; with {@code secret}, productpage gets an env value that must stay hidden. */
    private Path copy(String file, String namespace, boolean secret) throws Exception {
        String text = Files.readString(EXAMPLES.resolve(file))
                .replaceFirst("(?m)^  namespace: default$", "  namespace: " + namespace);
        if (secret) {
            text = text.replaceFirst("(?m)^(\\s+)image: (docker.io/istio/examples-bookinfo-productpage-v1:[^\\n]*)$",
                    "$1image: $2\n$1env:\n$1  - name: DB_PASSWORD\n$1    value: " + SECRET);
        }
        Path copy = dir.resolve(namespace + "-" + file);
        Files.writeString(copy, text);
        return copy;
    }
}
