package dev.velatemporal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.SuspendStep;
import dev.velatemporal.model.WorkflowStep;
import dev.velatemporal.testsupport.TestFiles;
import dev.velatemporal.testsupport.TestFiles.Source;
import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The files under {@code examples/}: they validate, and the bookinfo ones mean what the upstream files mean. */
class ExamplesTest {

    static Stream<Source> examples() {
        return TestFiles.examples().stream();
    }

    @Test
    void theDocumentedExamplesExist() {
        assertThat(TestFiles.examples()).extracting(Source::name).contains(
                "bookinfo-first-deploy", "bookinfo-rollout-v2", "bookinfo-rollback",
                "plain-app-app", "three-batch-canary-v1", "three-batch-canary-v2");
        for (String readme : List.of("bookinfo/README.md", "plain-app/README.md", "three-batch-canary/README.md")) {
            assertThat(TestFiles.EXAMPLES.resolve(readme)).isRegularFile();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void validatesWithNoProblems(Source example) {
        LoadResult result = new ApplicationLoader().load(example.file());
        assertThat(result.problems())
                .as("problems of %s:%n%s", example.file(), TestFiles.describe(result.problems(), example.name()))
                .isEmpty();
        assertThat(result.applications()).hasSize(1);
    }

    /** Our bookinfo files are rewritten, not copied, but must bind to exactly the upstream Applications. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"first-deploy.yaml", "rollout-v2.yaml", "rollback.yaml"})
    void bookinfoExampleIsTheUpstreamApplication(String file) throws IOException {
        Application ours = TestFiles.example("bookinfo/" + file);
        Application upstream = TestFiles.upstream(file);
        assertThat(ours).isEqualTo(upstream);
        // ...without being a verbatim copy: ours explains itself.
        assertThat(Files.readString(TestFiles.EXAMPLES.resolve("bookinfo/" + file)))
                .isNotEqualTo(Files.readString(TestFiles.KUBEVELA_REFERENCE.resolve(file)));
    }

    /** Upstream's "90% shift to new version" sits on the old revision's line; ours must say it right. */
    @Test
    void rolloutV2CommentsPutEachShareOnTheRightRevision() throws IOException {
        List<String> lines = Files.readAllLines(TestFiles.EXAMPLES.resolve("bookinfo/rollout-v2.yaml"));
        String ninety = weightLineAfter(lines, "revision: reviews-v1");
        String ten = weightLineAfter(lines, "revision: reviews-v2");
        assertThat(ninety).contains("weight: 90").contains("old revision").doesNotContain("new");
        assertThat(ten).contains("weight: 10").contains("new revision");
    }

    private static String weightLineAfter(List<String> lines, String revisionLine) {
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).trim().equals("- " + revisionLine)) {
                return lines.get(i + 1);
            }
        }
        throw new AssertionError("no line \"- " + revisionLine + "\"");
    }

    @Test
    void plainAppHasNoCanaryAndNoWorkflow() {
        Application app = TestFiles.example("plain-app/app.yaml");
        assertThat(app.hasDeclaredWorkflow()).isFalse();
        assertThat(app.components()).singleElement().satisfies(web -> {
            assertThat(web.rollout()).isEmpty();
            assertThat(web.canaryTraffic()).isEmpty();
            assertThat(web.traits()).extracting(t -> t.type()).containsExactly("expose");
            assertThat(web.properties().env()).isNotEmpty();
            assertThat(web.properties().cpu()).isNotNull();
            assertThat(web.properties().memory()).isNotNull();
            assertThat(web.properties().volumes()).extracting(v -> v.type()).containsExactly("configMap");
        });
    }

    @Test
    void threeBatchCanaryRollsOutInBatchesOfTwoWithTheDocumentedSteps() {
        Application v1 = TestFiles.example("three-batch-canary/v1.yaml");
        Application v2 = TestFiles.example("three-batch-canary/v2.yaml");
        assertThat(v1.hasDeclaredWorkflow()).isFalse();
        for (Application app : List.of(v1, v2)) {
            Component canary = app.components().stream().filter(Component::isCanary).findFirst().orElseThrow();
            assertThat(canary.rollout().orElseThrow().properties().targetSize()).isEqualTo(6);
            assertThat(canary.rollout().orElseThrow().properties().rolloutBatches())
                    .extracting(b -> b.replicas()).containsExactly(2, 2, 2);
            assertThat(app.components()).filteredOn(c -> c.trait(dev.velatemporal.model.IstioGatewayTrait.class)
                    .isPresent()).singleElement().extracting(Component::name).isNotEqualTo(canary.name());
        }

        List<WorkflowStep> steps = v2.steps();
        assertThat(steps).extracting(WorkflowStep::type).containsExactly(
                "canary-rollout", "suspend", "canary-rollout", "suspend", "canary-rollout");
        assertThat(weights(steps.get(0))).containsExactly("catalog-v1=80", "catalog-v2=20");
        assertThat(((CanaryRolloutStep) steps.get(0)).properties().batchPartition()).isZero();
        assertThat(((SuspendStep) steps.get(1)).properties().duration()).isEqualTo("10m");
        assertThat(weights(steps.get(2))).containsExactly("catalog-v1=50", "catalog-v2=50");
        assertThat(((CanaryRolloutStep) steps.get(2)).properties().batchPartition()).isEqualTo(1);
        assertThat(((SuspendStep) steps.get(3)).properties().duration()).isNull();
        assertThat(weights(steps.get(4))).containsExactly("catalog-v2=100");
    }

    private static List<String> weights(WorkflowStep step) {
        return ((CanaryRolloutStep) step).properties().traffic().weightedTargets().stream()
                .map(t -> t.revision() + "=" + t.weight()).toList();
    }

    @Test
    void bookinfoReadmeShowsTheOfflineCommandsAndTheResumeSignal() throws IOException {
        String readme = Files.readString(TestFiles.EXAMPLES.resolve("bookinfo/README.md"));
        assertThat(readme)
                .contains("bin/starter validate -f examples/bookinfo/rollout-v2.yaml")
                .contains("bin/starter dry-run -f examples/bookinfo/first-deploy.yaml")
                .contains("temporal workflow signal --workflow-id default.book-info --name resume");
        for (String file : List.of("first-deploy.yaml", "rollout-v2.yaml", "rollback.yaml")) {
            assertThat(readme).contains(file);
            assertThat(Path.of(TestFiles.EXAMPLES.toString(), "bookinfo", file)).isRegularFile();
        }
    }
}
