package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter's habits on the dev stack, each in a namespace of its own: {@code list}, {@code -o yaml}, options
 * before the command, messages that fit the situation, and Ctrl-C during a wait (in a JVM of its own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliHabitsTest {

    private static final Path EXAMPLES = Path.of("../examples/bookinfo");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path dir;

    private DevStack stack;
    private StarterRunner starter;

    @BeforeAll
    void start() {
        stack = DevStack.start(DevStackSettings.ephemeral(dir, Duration.ofMillis(300)));
        starter = new StarterRunner(stack.temporalAddress());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void listShowsPhaseGenerationStepAndRevision() throws Exception {
        succeed("apply", "-f", copy("list-a", "first-deploy.yaml").toString(), "--wait");
        succeed("apply", "-f", copy("list-b", "first-deploy.yaml").toString(), "--wait");
        succeed("apply", "-f", copy("list-b", "rollout-v2.yaml").toString(), "--wait");

        Run one = succeed("list", "-n", "list-b");
        assertThat(one.out()).isEqualTo("""
                NAME       PHASE      GENERATION  STEP             REVISION
                book-info  suspended  2           manual-approval  reviews-v2
                """);
        assertThat(one.err()).isEmpty();

        Run all = succeed("list", "-A");
        assertThat(all.out().lines()).first().asString().startsWith("NAMESPACE  NAME ");
        assertThat(all.out().lines().map(line -> line.replaceAll(" +", " "))).contains(
                "list-a book-info succeeded 1 - reviews-v1",
                "list-b book-info suspended 2 manual-approval reviews-v2");

        JsonNode json = new ObjectMapper().readTree(succeed("-o", "json", "list", "-n", "list-a").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("phase").asText()).isEqualTo("succeeded");

        // The dev stack's traffic command reads the global -n too, before the command or after it.
        Run traffic = succeed("-n", "list-b", "traffic", "book-info", "reviews", "--kubeconfig",
                stack.kubeconfig().toString());
        assertThat(traffic.out()).contains("reviews-v1", "reviews-v2");
        assertThat(succeed("traffic", "book-info", "reviews", "--kubeconfig", stack.kubeconfig().toString(), "-n",
                "list-b").out()).contains("reviews-v2");
    }

    @Test
    void statusAsYamlWithTheOptionsBeforeTheCommand() throws Exception {
        succeed("apply", "-f", copy("yaml", "first-deploy.yaml").toString(), "--wait");

        Run run = starter.run("--address", stack.temporalAddress(), "-n", "yaml", "-o", "yaml", "status",
                "book-info");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode status = YAML.readTree(run.out());
        assertThat(status.get("namespace").asText()).isEqualTo("yaml");
        assertThat(status.get("phase").asText()).isEqualTo("succeeded");
        assertThat(status.get("components").get(0).get("revisions").get(0).get("name").asText())
                .isEqualTo("reviews-v1");
    }

    @Test
    void applyWaitSaysEachThingOnce() throws Exception {
        Run run = succeed("apply", "-f", copy("once", "first-deploy.yaml").toString(), "--wait");

        assertThat(run.out()).contains("  generation 1 succeeded\n").doesNotContain("succeeded: generation 1");
    }

    @Test
    void aDeliberateRollbackIsNotTreatedAsAFailure() throws Exception {
        String ns = "deliberate";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        succeed("apply", "-f", copy(ns, "rollout-v2.yaml").toString(), "--wait");

        Run rollback = succeed("rollback", "book-info", "-n", ns, "--wait");
        assertThat(rollback.out()).contains("  generation 2 rolled back: ")
                .contains("\nnext: nothing; everything is as before generation 2.")
                .doesNotContain("fix the cause");
        // The status view's "phase: rolledBack" quotes the status document's field; prose is the starter's own.
        assertThat(rollback.out().lines().filter(line -> !line.startsWith("phase: ")))
                .noneMatch(line -> line.contains("rolledBack"));

        Run resume = starter.run("resume", "book-info", "-n", ns);
        assertThat(resume.exit()).isEqualTo(1);
        assertThat(resume.err()).isEqualTo("error: book-info: nothing is suspended (generation 2 was rolled back);"
                + " see bin/starter status book-info -n deliberate\n");

        Run again = starter.run("rollback", "book-info", "-n", ns);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).startsWith("error: book-info: no generation is running or suspended (generation 2"
                + " was rolled back); rollback only undoes a running or suspended generation")
                .doesNotContain("bookinfo", "examples/");
    }

    @Test
    void aRefusedApplyAfterAFailedRolloutNamesTheRevisionThisSpecCreates() throws Exception {
        String ns = "moved-on";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        Path fixed = copy(ns, "rollout-v2.yaml");
        Path broken = dir.resolve(ns + "-broken.yaml");
        Files.writeString(broken, Files.readString(fixed)
                .replace("reviews-v3:1.16.2", "reviews-v3:1.16.2-broken")
                .replace("targetSize: 2", "targetSize: 2\n            progressDeadlineSeconds: 2"));
        Run failed = starter.run("apply", "-f", broken.toString(), "--wait");
        assertThat(failed.exit()).as(failed.out()).isEqualTo(1);
        assertThat(failed.out()).contains("generation 2 failed");

        // The image is fixed, so the workload is new: reviews-v3, while the file still routes to reviews-v2.
        Run refused = starter.run("apply", "-f", fixed.toString(), "--wait");

        assertThat(refused.exit()).isEqualTo(2);
        List<String> lines = refused.err().lines().toList();
        assertThat(lines).containsExactly(
                where(fixed, "spec.workflow.steps[0].properties.traffic.weightedTargets[1].revision") + ": \"reviews-v2\""
                        + " is neither the stable revision of reviews (reviews-v1) nor the one this spec creates"
                        + " (reviews-v3)",
                where(fixed, "spec.workflow.steps[2].properties.traffic.weightedTargets[0].revision") + ": \"reviews-v2\""
                        + " is neither the stable revision of reviews (reviews-v1) nor the one this spec creates"
                        + " (reviews-v3)",
                fixed + ": book-info: this spec creates revision reviews-v3 of reviews (a workload not seen before"
                        + " takes the next number, even after a failed rollout), so weightedTargets must name"
                        + " reviews-v3 or the stable reviews-v1; nothing was applied");
    }

    @Test
    void ctrlCDuringWatchLeavesTheRolloutRunningAndSaysHowToFollowIt() throws Exception {
        String ns = "ctrl-c";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");
        succeed("apply", "-f", brokenRollout(ns).toString());

        StarterJvm watch = StarterJvm.start("watch", "book-info", "-n", ns, "--address", stack.temporalAddress());
        watch.awaitOutput("phase: running", Duration.ofSeconds(60));
        watch.interrupt();
        StarterJvm.Result result = watch.await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(result.errLines()).containsExactly("interrupted: the rollout of book-info goes on in Temporal;"
                + " follow it with bin/starter watch book-info -n ctrl-c");
        assertThat(starter.status("book-info", ns).get("phase").asText()).isEqualTo("running");
    }

    @Test
    void ctrlCDuringApplyWaitToo() throws Exception {
        String ns = "ctrl-c-apply";
        succeed("apply", "-f", copy(ns, "first-deploy.yaml").toString(), "--wait");

        StarterJvm apply = StarterJvm.start("apply", "-f", brokenRollout(ns).toString(), "--wait",
                "--address", stack.temporalAddress());
        apply.awaitOutput("applied as generation 2", Duration.ofSeconds(60));
        apply.interrupt();
        StarterJvm.Result result = apply.await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(result.errLines()).containsExactly("interrupted: the rollout of book-info goes on in Temporal;"
                + " follow it with bin/starter watch book-info -n ctrl-c-apply");
        assertThat(result.err()).doesNotContain("Exception", "\tat ", "WARN", "io.grpc");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private Run succeed(String... args) {
        Run run = starter.run(args);
        assertThat(run.exit()).as("%s\nstdout: %s\nstderr: %s", String.join(" ", args), run.out(), run.err())
                .isZero();
        return run;
    }

    private static Path copy(String namespace, String file) throws IOException {
        Path copy = dir.resolve(namespace + "-" + file);
        Files.writeString(copy, Files.readString(EXAMPLES.resolve(file))
                .replaceFirst("(?m)^  namespace: default$", "  namespace: " + namespace));
        return copy;
    }

    /** rollout-v2 with an image the sandbox never makes ready: the generation stays running for 10 minutes. */
    private static Path brokenRollout(String namespace) throws IOException {
        Path broken = dir.resolve(namespace + "-never-ready.yaml");
        Files.writeString(broken, Files.readString(copy(namespace, "rollout-v2.yaml"))
                .replace("reviews-v3:1.16.2", "reviews-v3:1.16.2-broken"));
        return broken;
    }

    /**
     * {@code FILE:LINE:COLUMN} of a field, as {@code validate} reports it: found by validating a copy of the file
     * whose revision at {@code path} is not a valid revision name.
     */
    private String where(Path file, String path) throws IOException {
        int index = Integer.parseInt(path.replaceAll(".*weightedTargets\\[(\\d+)].*", "$1"));
        String step = path.replaceAll(".*steps\\[(\\d+)].*", "$1");
        List<String> lines = Files.readAllLines(file);
        int seen = -1;
        int stepsSeen = -1;
        StringBuilder variant = new StringBuilder();
        boolean done = false;
        for (String line : lines) {
            if (line.startsWith("      - name:")) { // a workflow step (components and volumes are indented otherwise)
                stepsSeen++;
                seen = -1;
            }
            if (!done && String.valueOf(stepsSeen).equals(step) && line.contains("- revision: ")) {
                seen++;
                if (seen == index) {
                    line = line.replace("- revision: reviews-v2", "- revision: not_a_revision");
                    done = true;
                }
            }
            variant.append(line).append('\n');
        }
        Path probe = dir.resolve("probe-" + file.getFileName());
        Files.writeString(probe, variant.toString());
        Run validate = starter.run("validate", "-f", probe.toString());
        Matcher position = Pattern.compile(Pattern.quote(probe.toString()) + ":(\\d+:\\d+): "
                + Pattern.quote(path) + ":").matcher(validate.err());
        assertThat(position.find()).as("validate reports %s: %s", path, validate.err()).isTrue();
        return file + ":" + position.group(1) + ": " + path;
    }
}
