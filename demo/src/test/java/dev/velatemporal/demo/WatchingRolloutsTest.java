package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed story as an operator watches it: the workflow's summary, search attributes and current details as
 * the Temporal UI reads them, the summaries on its activities and timers, and the worker's Prometheus metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchingRolloutsTest {

    private static final Path EXAMPLES = Path.of("../examples/bookinfo");
    private static final String ID = "default.book-info";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private DevStack stack;
    private StarterRunner starter;
    private TemporalView temporal;

    @BeforeAll
    void start() {
        stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200)).withMetricsPort(0));
        starter = new StarterRunner(stack.temporalAddress());
        temporal = new TemporalView(stack.temporal());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void theSeedStoryReadsWellInTheTemporalUiAndInTheMetrics() throws Exception {
        apply("first-deploy.yaml");
        WorkflowExecution first = temporal.firstRun(ID);
        assertThat(temporal.staticSummary(first))
                .isEqualTo("book-info (default): deploy reviews-v1, with productpage, ratings, details");
        assertThat(temporal.staticDetails(first))
                .contains("| reviews | `docker.io/istio/examples-bookinfo-reviews-v2:1.16.2` | deploy reviews-v1 |");
        assertThat(temporal.searchAttributes(ID)).containsEntry("VelaPhase", "succeeded")
                .containsEntry("VelaRevision", "reviews-v1");

        apply("rollout-v2.yaml");
        assertThat(temporal.searchAttributes(ID)).containsEntry("VelaApplication", "book-info")
                .containsEntry("VelaNamespace", "default")
                .containsEntry("VelaPhase", "suspended")
                .containsEntry("VelaRevision", "reviews-v2");
        WorkflowExecution rollout = TemporalView.latest(ID);
        assertThat(temporal.summaries(rollout, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).contains(
                "create Deployment reviews-v2 if missing (0 replicas)",
                "scale reviews-v2 to 1 replica",
                "wait until reviews-v2 has 1 ready replica",
                "scale reviews-v1 to 1 replica",
                "DestinationRule reviews: subsets reviews-v1, reviews-v2",
                "shift reviews: reviews-v1 90% / reviews-v2 10%");
        assertThat(temporal.summaries(rollout, EventType.EVENT_TYPE_TIMER_STARTED))
                .contains("progress deadline: reviews-v2 ready at 1 replica within 600s");
        assertThat(temporal.currentDetails(ID))
                .contains("**book-info** (default), generation 2: **suspended**")
                .contains("| rollout-1st-batch | canary-rollout | succeeded |")
                .contains("| manual-approval | suspend | suspended |")
                .contains("| reviews-v1 (stable) | 1/1 | 90% |", "| reviews-v2 (target) | 1/1 | 10% |");
        PrometheusText whileSuspended = scrapeUntil(m -> m.sum("vela_applications_suspended") == 1,
                "one suspended application");
        assertThat(whileSuspended.sum("vela_rollouts_total", "result=\"succeeded\"")).isEqualTo(1);

        Run resume = starter.run("resume", "book-info", "--wait");
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(temporal.searchAttributes(ID)).containsEntry("VelaPhase", "succeeded")
                .containsEntry("VelaRevision", "reviews-v2");

        PrometheusText after = scrapeUntil(m -> m.sum("vela_rollouts_total", "result=\"succeeded\"") == 2
                && m.sum("vela_applications_suspended") == 0, "two rollouts succeeded, none suspended");
        assertThat(after.sum("vela_step_duration_seconds_count", "step_type=\"apply-component\"")).isEqualTo(4);
        assertThat(after.sum("vela_step_duration_seconds_count", "step_type=\"canary-rollout\"")).isEqualTo(2);
        assertThat(after.sum("vela_step_duration_seconds_count", "step_type=\"suspend\"")).isEqualTo(1);
        assertThat(after.sum("vela_rollouts_total", "result=\"failed\"")).isZero();
        assertThat(after.sum("vela_kubernetes_requests_total", "verb=\"create\"")).isPositive();
        // The sandbox answers a patch with 202 where a real API server says 200.
        assertThat(after.sum("vela_kubernetes_requests_total", "verb=\"patch\"")).isPositive();
        assertThat(after.sum("vela_kubernetes_requests_total", "verb=\"delete\"", "result=\"200\"")).isPositive();
        // The Temporal SDK's own metrics, through the same registry.
        assertThat(after.has("temporal_request_total")).isTrue();
        assertThat(after.sum("temporal_workflow_task_execution_latency_seconds_count")).isPositive();
        assertThat(after.sum("temporal_activity_execution_latency_seconds_count")).isPositive();
    }

    private void apply(String file) {
        Run run = starter.run("apply", "-f", EXAMPLES.resolve(file).toString(), "--wait");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    /** The SDK hands its counts to the registry every second, and the suspended count is cached for seconds. */
    private PrometheusText scrapeUntil(Predicate<PrometheusText> condition, String what) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        PrometheusText last = PrometheusText.scrape(stack.metricsUrl().orElseThrow());
        while (!condition.test(last)) {
            assertThat(Instant.now()).as("metrics showing %s; last scrape:%n%s", what, last.text()).isBefore(giveUp);
            Thread.sleep(250);
            last = PrometheusText.scrape(stack.metricsUrl().orElseThrow());
        }
        return last;
    }
}
