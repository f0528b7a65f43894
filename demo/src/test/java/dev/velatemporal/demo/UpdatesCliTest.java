package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/starter} on the dev stack's Temporal (the Java test server, which implements Update-with-Start):
 * {@code apply} answers the generation, and {@code resume}, {@code rollback} and {@code delete} print what the
 * workflow did, or its one-line reason for doing nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdatesCliTest {

    private static final Path EXAMPLES = Path.of("../examples/bookinfo");

    @TempDir
    static Path dir;

    private DevStack stack;
    private StarterRunner starter;

    @BeforeAll
    void start() {
        stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(200)));
        starter = new StarterRunner(stack.temporalAddress());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void eachCommandSaysWhatTheWorkflowAnswered() throws Exception {
        String ns = "answers";
        Run first = succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        assertThat(first.out()).startsWith("book-info (namespace answers): applied as generation 1 of workflow"
                + " answers.book-info\n");
        // Update-with-Start carries the summary the Temporal UI shows, as a plain start does.
        TemporalView temporal = new TemporalView(stack.temporal());
        assertThat(temporal.staticSummary(temporal.firstRun("answers.book-info")))
                .isEqualTo("book-info (answers): deploy reviews-v1, with productpage, ratings, details");

        Run unchanged = succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString());
        assertThat(unchanged.out()).isEqualTo("book-info (namespace answers): unchanged since generation 1; nothing"
                + " to do (--force runs it again)\n");

        Run resume = starter.run("resume", "book-info", "-n", ns);
        assertThat(resume.exit()).isEqualTo(1);
        assertThat(resume.out()).isEmpty();
        assertThat(resume.err()).isEqualTo("error: book-info: nothing is suspended (generation 1 succeeded); see"
                + " bin/starter status book-info -n answers\n");

        Run rollback = starter.run("rollback", "book-info", "-n", ns);
        assertThat(rollback.exit()).isEqualTo(1);
        assertThat(rollback.err()).isEqualTo("error: book-info: no generation is running or suspended (generation 1"
                + " succeeded); rollback only undoes a running or suspended generation: to go back to an earlier"
                + " revision, apply the spec that had it (bin/starter apply -f FILE)\n");

        Run rollout = succeed("apply", "-f", copy(ns, "rollout-v2.yaml").toString(), "--wait");
        assertThat(rollout.out()).startsWith("book-info (namespace answers): applied as generation 2 of workflow"
                + " answers.book-info\n");
        Run resumed = succeed("resume", "book-info", "-n", ns, "--wait");
        assertThat(resumed.out()).startsWith("book-info (namespace answers): resumed generation 2 at step"
                + " manual-approval\n").contains("  generation 2 succeeded\n");

        Run delete = succeed("delete", "book-info", "-n", ns, "--wait");
        assertThat(delete.out()).startsWith("book-info (namespace answers): deleting everything book-info created;"
                + " then the workflow completes\n");
        Run again = starter.run("delete", "book-info", "-n", ns);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).startsWith("error: book-info is already deleted").doesNotContain("Exception");
    }

    @Test
    void aSpecTheWorkflowRefusesIsReportedWhereItStandsAndStartsNothing() throws Exception {
        String ns = "refused";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        Path wrong = dir.resolve(ns + "-wrong.yaml");
        Files.writeString(wrong, Files.readString(copy(ns, "rollout-v2.yaml")).replace("reviews-v2", "reviews-v7"));

        Run refused = starter.run("apply", "-f", wrong.toString());

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines()).allMatch(line -> line.startsWith(wrong.toString()))
                .anyMatch(line -> line.contains("\"reviews-v7\" is neither the stable revision of reviews"))
                .last().asString().endsWith("; nothing was applied");
        assertThat(starter.status("book-info", ns).get("generation").asInt()).isEqualTo(1);
    }

    /**
     * {@code reconcile}: refused in one line while a generation is suspended; between generations it answers at
     * once and, with {@code --wait}, returns once the workflow has put back what was changed by hand.
     */
    @Test
    void reconcileRepairsWhatWasChangedByHandAndIsRefusedMidGeneration() throws Exception {
        String ns = "drifted";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        stack.kube().apps().deployments().inNamespace(ns).withName("details").delete();
        stack.kube().apps().deployments().inNamespace(ns).withName("reviews-v1").scale(1);
        awaitGone(ns, "details");

        Run reconcile = succeed("reconcile", "book-info", "-n", ns, "--wait");

        assertThat(reconcile.out()).startsWith("book-info (namespace drifted): checking for drift from generation 1;"
                + " each repair shows as an event\n").contains("reconcile: 2 repairs");
        assertThat(stack.kube().apps().deployments().inNamespace(ns).withName("details").get()).isNotNull();
        assertThat(stack.kube().apps().deployments().inNamespace(ns).withName("reviews-v1").get().getSpec()
                .getReplicas()).isEqualTo(2);
        assertThat(starter.run("status", "book-info", "-n", ns).out())
                .contains("drift: Deployment drifted/details was deleted; recreated");

        succeed("apply", "-f", copy(ns, "rollout-v2.yaml").toString(), "--wait");
        Run refused = starter.run("reconcile", "book-info", "-n", ns);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("error: book-info: generation 2 is suspended; drift is repaired only"
                + " between generations; see bin/starter status book-info -n drifted\n");
    }

    /**
     * Who did what: {@code --as} names the sender (else {@code user@host}); {@code status} shows who resumed and when,
     * {@code history} each generation with who applied and approved it and how it ended, and Temporal's own
     * history shows the same name as each update's identity.
     */
    @Test
    void whoAppliedAndWhoResumedIsInTheStatusTheHistoryAndTemporalsHistory() throws Exception {
        String ns = "who";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        succeed("--as", "bob", "apply", "-f", copy(ns, "rollout-v2.yaml").toString(), "--wait");
        succeed("resume", "book-info", "-n", ns, "--as", "alice", "--wait");

        String status = starter.run("status", "book-info", "-n", ns).out();
        assertThat(status).containsPattern("resumed by alice at \\d\\d:\\d\\d:\\d\\d: generation 2 continues from"
                + " step manual-approval");
        assertThat(status).containsPattern("generation 2 applied by bob at \\d\\d:\\d\\d:\\d\\d");
        String local = System.getProperty("user.name");
        assertThat(status).containsPattern("generation 1 applied by " + java.util.regex.Pattern.quote(local)
                + "@\\S+ at \\d\\d:\\d\\d:\\d\\d");

        Run history = succeed("history", "book-info", "-n", ns);
        assertThat(history.out()).startsWith("generation 1  succeeded  generation 1 succeeded\n")
                .containsPattern("(?m)^generation 2  succeeded  generation 2 succeeded\n"
                        + "  spec      .*reviews: reviews-v2 \\(new\\).*\n"
                        + "  applied   by bob at \\d\\d:\\d\\d:\\d\\d\n"
                        + "  approved  by alice at \\d\\d:\\d\\d:\\d\\d \\(resume at step manual-approval\\)\n");
        Run json = succeed("history", "book-info", "-n", ns, "-o", "json");
        com.fasterxml.jackson.databind.JsonNode generations = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out());
        assertThat(generations.get(1).get("approved").get(0).get("by").asText()).isEqualTo("alice");
        assertThat(generations.get(1).get("applied").get("by").asText()).isEqualTo("bob");

        // Temporal's history: each update's identity is the same name.
        java.util.List<String> identities = new java.util.ArrayList<>();
        io.temporal.client.WorkflowClient client = stack.temporal().client();
        String runId = describeRun(client, ns + ".book-info");
        while (!runId.isEmpty()) {
            io.temporal.common.WorkflowExecutionHistory run = client.fetchHistory(ns + ".book-info", runId);
            run.getEvents().stream().filter(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
                    .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getMeta()
                            .getIdentity())
                    .forEach(identities::add);
            runId = run.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
        }
        assertThat(identities).contains("bob", "alice");
    }

    private static String describeRun(io.temporal.client.WorkflowClient client, String workflowId) {
        return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                .setWorkflowId(workflowId))
                        .build())
                .getWorkflowExecutionInfo().getExecution().getRunId();
    }

    private void awaitGone(String ns, String deployment) {
        java.time.Instant giveUp = java.time.Instant.now().plusSeconds(10);
        while (stack.kube().apps().deployments().inNamespace(ns).withName(deployment).get() != null) {
            assertThat(java.time.Instant.now()).as(deployment + " deleted").isBefore(giveUp);
            Thread.onSpinWait();
        }
    }

    private Run succeed(String... args) {
        Run run = starter.run(args);
        assertThat(run.exit()).as("%s\nstdout: %s\nstderr: %s", String.join(" ", args), run.out(), run.err())
                .isZero();
        return run;
    }

    /** An example file with its Applications moved to {@code namespace}. */
    private static Path copy(String namespace, String file) throws IOException {
        Path copy = dir.resolve(namespace + "-" + file);
        Files.writeString(copy, Files.readString(EXAMPLES.resolve(file))
                .replaceFirst("(?m)^  namespace: default$", "  namespace: " + namespace));
        return copy;
    }
}
