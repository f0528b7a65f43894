package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.workflow.GenerationPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code list} on a Temporal with visibility (a real server; here a fake frontend that answers as one): the
 * Applications come from {@code ListWorkflowExecutions} with the Vela* search attributes, the generation and
 * the current step from each one's status query.
 */
class ListCommandTest {

    private FakeFrontend temporal;

    @BeforeEach
    void start() {
        temporal = FakeFrontend.start().pollers(1)
                .running("default", "book-info", "suspended", "reviews-v2")
                .answers("default.book-info", "status", Statuses.suspended("default"))
                .running("shop", "cart", "succeeded", "cart-v3")
                .answers("shop.cart", "status", Statuses.finished("cart", 3, GenerationPhase.SUCCEEDED,
                        "generation 3 succeeded"));
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    @Test
    void listsOneNamespaceThroughVisibility() {
        StarterRun run = StarterRun.of("list", "--address", temporal.address());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                NAME       PHASE      GENERATION  STEP             REVISION
                book-info  suspended  2           manual-approval  reviews-v2
                """);
        assertThat(temporal.visibilityQueries()).containsExactly("WorkflowType='ApplicationWorkflow' AND"
                + " ExecutionStatus='Running' AND VelaNamespace='default'");
    }

    @Test
    void allNamespacesAddTheNamespaceColumn() {
        StarterRun run = StarterRun.of("list", "-A", "--address", temporal.address());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                NAMESPACE  NAME       PHASE      GENERATION  STEP             REVISION
                default    book-info  suspended  2           manual-approval  reviews-v2
                shop       cart       succeeded  3           -                cart-v3
                """);
        assertThat(temporal.visibilityQueries()).containsExactly("WorkflowType='ApplicationWorkflow' AND"
                + " ExecutionStatus='Running'");
    }

    @Test
    void namespaceBeforeTheCommandAndJsonOutput() throws Exception {
        StarterRun run = StarterRun.of("-n", "shop", "-o", "json", "list", "--address", temporal.address());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("namespace").asText()).isEqualTo("shop");
        assertThat(list.get(0).get("name").asText()).isEqualTo("cart");
        assertThat(list.get(0).get("phase").asText()).isEqualTo("succeeded");
        assertThat(list.get(0).get("generation").asInt()).isEqualTo(3);
        assertThat(list.get(0).get("targetRevision").asText()).isEqualTo("cart-v3");
        assertThat(list.get(0).get("workflowId").asText()).isEqualTo("shop.cart");
    }

    @Test
    void withoutAWorkerVisibilityStillGivesPhaseAndRevision() {
        temporal.pollers(0);

        StarterRun run = StarterRun.of("list", "-A", "--address", temporal.address());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                NAMESPACE  NAME       PHASE      GENERATION  STEP  REVISION
                default    book-info  suspended  ?           ?     reviews-v2
                shop       cart       succeeded  ?           ?     cart-v3
                """);
        NoWorkerTest.assertOneLine(run.err(), "warning: no worker polls task queue vela-applications in Temporal"
                + " namespace default at " + temporal.address() + ", so GENERATION and STEP are unknown (?): start"
                + " one (bin/worker, or the dev stack: bin/worker --dev)");
        assertThat(temporal.calls()).noneMatch(call -> call.startsWith("QueryWorkflow"));
    }

    @Test
    void nothingToListIsOneLineOnStderr() {
        StarterRun run = StarterRun.of("list", "-n", "empty", "--address", temporal.address());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no Applications in namespace empty (bin/starter list -A lists every"
                + " namespace)\n");
    }
}
