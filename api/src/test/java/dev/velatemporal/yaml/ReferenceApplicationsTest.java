package dev.velatemporal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.ReferenceFiles;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplyComponentStep;
import dev.velatemporal.model.CanaryRollbackStep;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.CanaryRolloutStep.Traffic;
import dev.velatemporal.model.CanaryRolloutStep.WeightedTarget;
import dev.velatemporal.model.CanaryTrafficTrait;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.ExposeTrait;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.IstioGatewayTrait.UriMatch;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.model.RolloutTrait.Batch;
import dev.velatemporal.model.SuspendStep;
import dev.velatemporal.model.Trait;
import dev.velatemporal.model.WebserviceProperties.Volume;
import dev.velatemporal.model.WorkflowStep;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three Applications of KubeVela v1.1's "Progressive Rollout with Istio" load as the user wrote them. */
class ReferenceApplicationsTest {

    private static final String BOOKINFO = "docker.io/istio/examples-bookinfo-";
    private static final List<Volume> REVIEWS_VOLUMES = List.of(
            Volume.emptyDir("wlp-output", "/opt/ibm/wlp/output"),
            Volume.emptyDir("tmp", "/tmp"));
    private static final List<UriMatch> PRODUCTPAGE_MATCHES = List.of(
            UriMatch.exact("/productpage"),
            UriMatch.prefix("/static"),
            UriMatch.exact("/login"),
            UriMatch.prefix("/api/v1/products"));

    @ParameterizedTest
    @ValueSource(strings = {ReferenceFiles.FIRST_DEPLOY, ReferenceFiles.ROLLOUT_V2, ReferenceFiles.ROLLBACK})
    void everyReferenceFileLoadsWithoutProblems(String file) {
        LoadResult result = new ApplicationLoader().load(ReferenceFiles.path(file));

        assertThat(result.problems()).isEmpty();
        assertThat(result.isValid()).isTrue();
        assertThat(result.applications()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceFiles.FIRST_DEPLOY, ReferenceFiles.ROLLOUT_V2, ReferenceFiles.ROLLBACK})
    void everyReferenceFileIsTheBookinfoAppWithItsFourComponentsInOrder(String file) {
        Application app = ReferenceFiles.load(file);

        assertThat(app.name()).isEqualTo("book-info");
        assertThat(app.namespace()).isEqualTo("default");
        assertThat(app.components()).extracting(Component::name)
                .containsExactly("reviews", "productpage", "ratings", "details");
        assertThat(app.components()).extracting(Component::type).containsOnly("webservice");
        assertThat(app.components()).allSatisfy(c -> assertThat(c.properties().port()).isEqualTo(9080));
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceFiles.FIRST_DEPLOY, ReferenceFiles.ROLLOUT_V2, ReferenceFiles.ROLLBACK})
    void theOtherComponentsAreExposedAndProductpageHasTheIstioGateway(String file) {
        Application app = ReferenceFiles.load(file);

        Component productpage = app.component("productpage").orElseThrow();
        assertThat(productpage.properties().image()).isEqualTo(BOOKINFO + "productpage-v1:1.16.2");
        assertThat(productpage.traits()).extracting(Trait::type).containsExactly("expose", "istio-gateway");
        assertThat(productpage.trait(ExposeTrait.class).orElseThrow().properties())
                .isEqualTo(new ExposeTrait.Properties(List.of(9080), "ClusterIP"));
        IstioGatewayTrait.Properties gateway = productpage.trait(IstioGatewayTrait.class).orElseThrow().properties();
        assertThat(gateway.hosts()).containsExactly("*");
        assertThat(gateway.gateway()).isEqualTo("ingressgateway");
        assertThat(gateway.match()).isEqualTo(PRODUCTPAGE_MATCHES);
        assertThat(gateway.port()).isEqualTo(9080);

        for (String name : List.of("ratings", "details")) {
            Component component = app.component(name).orElseThrow();
            assertThat(component.properties().image()).isEqualTo(BOOKINFO + name + "-v1:1.16.2");
            assertThat(component.traits()).containsExactly(
                    new ExposeTrait(new ExposeTrait.Properties(List.of(9080), "ClusterIP")));
        }
    }

    @Test
    void firstDeployRollsOutReviewsV2InOneBatchOfTwo() {
        Component reviews = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY).component("reviews").orElseThrow();

        assertThat(reviews.properties().image()).isEqualTo(BOOKINFO + "reviews-v2:1.16.2");
        assertThat(reviews.properties().port()).isEqualTo(9080);
        assertThat(reviews.properties().volumes()).isEqualTo(REVIEWS_VOLUMES);
        assertThat(reviews.traits()).extracting(Trait::type).containsExactly("canary-traffic", "rollout");
        assertThat(reviews.canaryTraffic().orElseThrow().properties().port()).containsExactly(9080);
        RolloutTrait.Properties rollout = reviews.rollout().orElseThrow().properties();
        assertThat(rollout.targetSize()).isEqualTo(2);
        assertThat(rollout.rolloutBatches()).containsExactly(new Batch(2));
        assertThat(rollout.batchPartition()).isNull();
        assertThat(rollout.progressDeadlineSeconds()).isEqualTo(600);
        assertThat(reviews.isCanary()).isTrue();
    }

    @Test
    void firstDeployHasNoWorkflowSoEveryComponentIsApplied() {
        Application app = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY);

        assertThat(app.hasDeclaredWorkflow()).isFalse();
        assertThat(app.spec().workflow()).isNull();
        assertThat(app.steps()).containsExactly(
                new ApplyComponentStep("reviews", new ApplyComponentStep.Properties("reviews")),
                new ApplyComponentStep("productpage", new ApplyComponentStep.Properties("productpage")),
                new ApplyComponentStep("ratings", new ApplyComponentStep.Properties("ratings")),
                new ApplyComponentStep("details", new ApplyComponentStep.Properties("details")));
    }

    @Test
    void rolloutV2RollsOutReviewsV3InTwoBatchesOfOne() {
        Component reviews = ReferenceFiles.load(ReferenceFiles.ROLLOUT_V2).component("reviews").orElseThrow();

        assertThat(reviews.properties().image()).isEqualTo(BOOKINFO + "reviews-v3:1.16.2");
        assertThat(reviews.properties().volumes()).isEqualTo(REVIEWS_VOLUMES);
        assertThat(reviews.traits()).extracting(Trait::type).containsExactly("rollout", "canary-traffic");
        RolloutTrait.Properties rollout = reviews.rollout().orElseThrow().properties();
        assertThat(rollout.targetSize()).isEqualTo(2);
        assertThat(rollout.rolloutBatches()).containsExactly(new Batch(1), new Batch(1));
        assertThat(reviews.trait(CanaryTrafficTrait.class).orElseThrow().properties().port()).containsExactly(9080);
    }

    @Test
    void rolloutV2ShiftsTenPercentThenWaitsForApprovalThenShiftsTheRest() {
        Application app = ReferenceFiles.load(ReferenceFiles.ROLLOUT_V2);

        assertThat(app.hasDeclaredWorkflow()).isTrue();
        List<WorkflowStep> steps = app.steps();
        assertThat(steps).extracting(WorkflowStep::name)
                .containsExactly("rollout-1st-batch", "manual-approval", "rollout-rest");
        assertThat(steps).extracting(WorkflowStep::type)
                .containsExactly("canary-rollout", "suspend", "canary-rollout");
        assertThat(steps.get(0)).isEqualTo(new CanaryRolloutStep("rollout-1st-batch", new CanaryRolloutStep.Properties(
                0,
                new Traffic(List.of(new WeightedTarget("reviews-v1", 90), new WeightedTarget("reviews-v2", 10))),
                null)));
        assertThat(steps.get(1)).isEqualTo(new SuspendStep("manual-approval", new SuspendStep.Properties(null)));
        assertThat(((SuspendStep) steps.get(1)).properties().autoResumeAfter()).isEmpty();
        assertThat(steps.get(2)).isEqualTo(new CanaryRolloutStep("rollout-rest", new CanaryRolloutStep.Properties(
                1, new Traffic(List.of(new WeightedTarget("reviews-v2", 100))), null)));
    }

    @Test
    void rollbackIsOneCanaryRollbackStepOfTheFirstComponent() {
        Application app = ReferenceFiles.load(ReferenceFiles.ROLLBACK);

        assertThat(app.steps()).containsExactly(
                new CanaryRollbackStep("rollback", new CanaryRollbackStep.Properties(null)));
        assertThat(app.component("reviews").orElseThrow().properties().image())
                .isEqualTo(BOOKINFO + "reviews-v3:1.16.2");
    }

    @Test
    void rollbackKeepsTheSameComponentsAsRolloutV2() {
        assertThat(ReferenceFiles.load(ReferenceFiles.ROLLBACK).components())
                .isEqualTo(ReferenceFiles.load(ReferenceFiles.ROLLOUT_V2).components());
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceFiles.FIRST_DEPLOY, ReferenceFiles.ROLLOUT_V2, ReferenceFiles.ROLLBACK})
    void everyEntryPointReadsTheSameApplication(String file) throws Exception {
        ApplicationLoader loader = new ApplicationLoader();
        String text = ReferenceFiles.text(file);
        Application fromPath = ReferenceFiles.load(file);

        assertThat(loader.parse(text).applications()).containsExactly(fromPath);
        assertThat(loader.parse(text.getBytes(StandardCharsets.UTF_8)).applications()).containsExactly(fromPath);
        assertThat(loader.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).applications())
                .containsExactly(fromPath);
    }
}
