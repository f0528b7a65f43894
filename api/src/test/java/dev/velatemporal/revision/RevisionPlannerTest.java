package dev.velatemporal.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.CanaryTrafficTrait;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.model.Trait;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.WebserviceProperties.EnvVar;
import dev.velatemporal.ReferenceFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Component revisions (docs/behaviour.md section 2) through the KubeVela bookinfo story, with the upstream files
 * verbatim, and the naming rules around it.
 */
class RevisionPlannerTest {

    private static final String REVIEWS_V2_IMAGE = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2";
    private static final String REVIEWS_V3_IMAGE = "docker.io/istio/examples-bookinfo-reviews-v3:1.16.2";

    private final RevisionPlanner planner = new RevisionPlanner();

    private final Application firstDeploy = ReferenceFiles.load("first-deploy.yaml");
    private final Application rolloutV2 = ReferenceFiles.load("rollout-v2.yaml");
    private final Application rollback = ReferenceFiles.load("rollback.yaml");

    @Nested
    class BookinfoStory {

        @Test
        void firstDeployOnAnEmptyHistoryNamesReviewsV1WithNoStableRevision() {
            RevisionPlan plan = planner.plan(firstDeploy, RevisionHistory.empty());

            ComponentPlan reviews = plan.of("reviews");
            assertThat(reviews.targetRevision()).isEqualTo("reviews-v1");
            assertThat(reviews.newRevision()).isTrue();
            assertThat(reviews.stable()).isEmpty();
            assertThat(reviews.changesRevision()).isFalse();
            assertThat(plan.components())
                    .extracting(ComponentPlan::component, ComponentPlan::stableRevision, ComponentPlan::targetRevision,
                            ComponentPlan::newRevision)
                    .containsExactly(
                            tuple("reviews", null, "reviews-v1", true),
                            tuple("productpage", null, "productpage-v1", true),
                            tuple("ratings", null, "ratings-v1", true),
                            tuple("details", null, "details-v1", true));

            // The new revision is recorded with its workload (the v2 *image*: names count changes, not tags)...
            ComponentHistory history = plan.history().of("reviews");
            assertThat(history.revisions()).extracting(Revision::name).containsExactly("reviews-v1");
            assertThat(history.revision("reviews-v1").orElseThrow().workload().image()).isEqualTo(REVIEWS_V2_IMAGE);
            // ...but it is not stable until the generation completes.
            assertThat(history.stable()).isEmpty();
        }

        @Test
        void completingTheFirstDeployMakesEveryTargetStable() {
            RevisionHistory afterFirstDeploy = planner.plan(firstDeploy, RevisionHistory.empty()).completed();

            assertThat(afterFirstDeploy.components())
                    .extracting(ComponentHistory::component, ComponentHistory::stableRevision)
                    .containsExactly(tuple("reviews", "reviews-v1"), tuple("productpage", "productpage-v1"),
                            tuple("ratings", "ratings-v1"), tuple("details", "details-v1"));
        }

        @Test
        void rolloutV2TargetsReviewsV2FromStableReviewsV1AndKeepsTheOthersOnV1() {
            RevisionHistory afterFirstDeploy = planner.plan(firstDeploy, RevisionHistory.empty()).completed();

            RevisionPlan plan = planner.plan(rolloutV2, afterFirstDeploy);

            ComponentPlan reviews = plan.of("reviews");
            assertThat(reviews.targetRevision()).isEqualTo("reviews-v2");
            assertThat(reviews.newRevision()).isTrue();
            assertThat(reviews.stable()).contains("reviews-v1");
            assertThat(reviews.changesRevision()).isTrue();
            assertThat(plan.components())
                    .filteredOn(c -> !c.component().equals("reviews"))
                    .extracting(ComponentPlan::component, ComponentPlan::stableRevision, ComponentPlan::targetRevision,
                            ComponentPlan::newRevision, ComponentPlan::changesRevision)
                    .containsExactly(
                            tuple("productpage", "productpage-v1", "productpage-v1", false, false),
                            tuple("ratings", "ratings-v1", "ratings-v1", false, false),
                            tuple("details", "details-v1", "details-v1", false, false));

            ComponentHistory history = plan.history().of("reviews");
            assertThat(history.revisions()).extracting(Revision::name).containsExactly("reviews-v1", "reviews-v2");
            assertThat(history.revision("reviews-v2").orElseThrow().workload().image()).isEqualTo(REVIEWS_V3_IMAGE);
            assertThat(history.stable()).as("stable moves only when the rollout completes").contains("reviews-v1");
            assertThat(plan.history().of("productpage").revisions()).hasSize(1);
        }

        @Test
        void rollbackWhileRolloutV2IsSuspendedMakesNoNewRevision() {
            RevisionHistory afterFirstDeploy = planner.plan(firstDeploy, RevisionHistory.empty()).completed();
            // Suspended at manual-approval: the rollout's revisions are recorded, stable is still reviews-v1.
            RevisionHistory suspended = planner.plan(rolloutV2, afterFirstDeploy).history();

            RevisionPlan plan = planner.plan(rollback, suspended);

            ComponentPlan reviews = plan.of("reviews");
            assertThat(reviews.targetRevision()).isEqualTo("reviews-v2");
            assertThat(reviews.newRevision()).isFalse();
            assertThat(reviews.stable()).contains("reviews-v1");
            assertThat(plan.components()).extracting(ComponentPlan::newRevision).containsOnly(false);
            assertThat(plan.history()).isEqualTo(suspended);
            assertThat(plan.history().of("reviews").revisions()).extracting(Revision::name)
                    .containsExactly("reviews-v1", "reviews-v2");
        }

        @Test
        void rollbackAfterRolloutV2CompletedMakesNoNewRevision() {
            RevisionHistory afterFirstDeploy = planner.plan(firstDeploy, RevisionHistory.empty()).completed();
            RevisionHistory afterRollout = planner.plan(rolloutV2, afterFirstDeploy).completed();
            assertThat(afterRollout.of("reviews").stable()).contains("reviews-v2");

            RevisionPlan plan = planner.plan(rollback, afterRollout);

            ComponentPlan reviews = plan.of("reviews");
            assertThat(reviews.targetRevision()).isEqualTo("reviews-v2");
            assertThat(reviews.newRevision()).isFalse();
            assertThat(reviews.stable()).contains("reviews-v2");
            assertThat(plan.components()).extracting(ComponentPlan::newRevision).containsOnly(false);
            assertThat(plan.history()).isEqualTo(afterRollout);
            // reviews-v1, the revision rollback returns to, is recorded as the one before, and can still be
            // recreated from its recorded workload.
            assertThat(plan.history().of("reviews").previousStable()).contains("reviews-v1");
            assertThat(plan.history().of("reviews").revision("reviews-v1").orElseThrow().workload())
                    .isEqualTo(firstDeploy.component("reviews").orElseThrow().properties());
        }
    }

    @Nested
    class NamingRules {

        private final RevisionHistory afterFirstDeploy =
                planner.plan(firstDeploy, RevisionHistory.empty()).completed();

        @Test
        void traitOnlyChangesMakeNoNewRevision() {
            Application traitsChanged = withComponent(firstDeploy, "reviews", c -> withTraits(c, List.of(
                    new RolloutTrait(new RolloutTrait.Properties(4, List.of(new RolloutTrait.Batch(2),
                            new RolloutTrait.Batch(2)), null, 900)),
                    new CanaryTrafficTrait(new CanaryTrafficTrait.Properties(List.of(9080, 9081))))));
            traitsChanged = withComponent(traitsChanged, "productpage", c -> withTraits(c, List.of()));

            RevisionPlan plan = planner.plan(traitsChanged, afterFirstDeploy);

            assertThat(plan.components())
                    .extracting(ComponentPlan::component, ComponentPlan::targetRevision, ComponentPlan::newRevision)
                    .containsExactly(tuple("reviews", "reviews-v1", false), tuple("productpage", "productpage-v1", false),
                            tuple("ratings", "ratings-v1", false), tuple("details", "details-v1", false));
            assertThat(plan.history()).isEqualTo(afterFirstDeploy);
        }

        @Test
        void anEnvChangeMakesANewRevision() {
            Application withEnv = withComponent(firstDeploy, "reviews",
                    c -> withWorkload(c, env(c.properties(), new EnvVar("LOG_LEVEL", "debug"))));

            RevisionPlan plan = planner.plan(withEnv, afterFirstDeploy);

            assertThat(plan.of("reviews").targetRevision()).isEqualTo("reviews-v2");
            assertThat(plan.of("reviews").newRevision()).isTrue();
            assertThat(plan.of("reviews").stable()).contains("reviews-v1");
            assertThat(plan.of("ratings").newRevision()).isFalse();

            // Changing only the env value is a change of workload too.
            Application otherValue = withComponent(firstDeploy, "reviews",
                    c -> withWorkload(c, env(c.properties(), new EnvVar("LOG_LEVEL", "info"))));
            RevisionPlan next = planner.plan(otherValue, plan.completed());
            assertThat(next.of("reviews").targetRevision()).isEqualTo("reviews-v3");
            assertThat(next.of("reviews").newRevision()).isTrue();
        }

        @Test
        void returningToAnEarlierWorkloadReusesThatRevisionsName() {
            RevisionHistory afterRollout = planner.plan(rolloutV2, afterFirstDeploy).completed();

            RevisionPlan back = planner.plan(firstDeploy, afterRollout);

            ComponentPlan reviews = back.of("reviews");
            assertThat(reviews.targetRevision()).isEqualTo("reviews-v1");
            assertThat(reviews.newRevision()).isFalse();
            assertThat(reviews.stable()).contains("reviews-v2");
            assertThat(reviews.changesRevision()).isTrue();
            assertThat(back.history().of("reviews").revisions()).hasSize(2);
        }

        @Test
        void numberingContinuesFromTheHighestRevision() {
            // v1 -> v2 -> back to v1: the next new workload is v3, not a reused or recycled number.
            RevisionHistory history = planner.plan(rolloutV2, afterFirstDeploy).completed();
            history = planner.plan(firstDeploy, history).completed();
            Application third = withComponent(firstDeploy, "reviews", c -> withWorkload(c,
                    image(c.properties(), "docker.io/istio/examples-bookinfo-reviews-v1:1.16.2")));

            RevisionPlan plan = planner.plan(third, history);

            assertThat(plan.of("reviews").targetRevision()).isEqualTo("reviews-v3");
            assertThat(plan.of("reviews").stable()).contains("reviews-v1");
            assertThat(plan.history().of("reviews").revisions()).extracting(Revision::name)
                    .containsExactly("reviews-v1", "reviews-v2", "reviews-v3");
        }

        @Test
        void numberingContinuesPastAGapInTheHistory() {
            WebserviceProperties v1 = firstDeploy.component("reviews").orElseThrow().properties();
            WebserviceProperties v5 = image(v1, "docker.io/istio/examples-bookinfo-reviews-v3:1.16.2");
            RevisionHistory history = RevisionHistory.empty().with(new ComponentHistory("reviews",
                    List.of(new Revision("reviews-v1", v1), new Revision("reviews-v5", v5)), "reviews-v5", "reviews-v1"));
            Application sixth = withComponent(firstDeploy, "reviews", c -> withWorkload(c,
                    image(c.properties(), "docker.io/istio/examples-bookinfo-reviews-v1:1.16.2")));

            assertThat(planner.plan(sixth, history).of("reviews").targetRevision()).isEqualTo("reviews-v6");
        }

        @Test
        void theStableRevisionBeforeTheLatestChangeIsRemembered() {
            RevisionHistory afterFirstDeploy = planner.plan(firstDeploy, RevisionHistory.empty()).completed();
            assertThat(afterFirstDeploy.of("reviews").previousStable()).isEmpty();

            RevisionHistory afterRollout = planner.plan(rolloutV2, afterFirstDeploy).completed();
            RevisionHistory afterRollback = afterRollout.with(afterRollout.of("reviews").withStable("reviews-v1"));
            RevisionHistory afterReapply = planner.plan(firstDeploy, afterRollback).completed();

            assertThat(afterRollout.of("reviews").previousStable()).contains("reviews-v1");
            assertThat(afterRollback.of("reviews").stable()).contains("reviews-v1");
            assertThat(afterRollback.of("reviews").previousStable()).contains("reviews-v2");
            // Re-applying the running revision changes nothing: the one before stays remembered.
            assertThat(afterReapply.of("reviews")).isEqualTo(afterRollback.of("reviews"));
        }

        @Test
        void aComponentAddedLaterStartsAtV1() {
            Component extra = new Component("reviews-cache", Component.WEBSERVICE,
                    WebserviceProperties.ofImage("docker.io/library/redis:7"), List.of());
            List<Component> components = new ArrayList<>(firstDeploy.components());
            components.add(extra);
            Application grown = new Application(firstDeploy.metadata(),
                    new ApplicationSpec(components, firstDeploy.spec().workflow()));

            RevisionPlan plan = planner.plan(grown, afterFirstDeploy);

            assertThat(plan.of("reviews-cache").targetRevision()).isEqualTo("reviews-cache-v1");
            assertThat(plan.of("reviews-cache").newRevision()).isTrue();
            assertThat(plan.of("reviews-cache").stable()).isEmpty();
            assertThat(plan.of("reviews").newRevision()).isFalse();
        }
    }

    /**
     * The history travels with every continue-as-new: past its limit the oldest revisions go, never the stable
     * one or the one before it, and new names still count on from the highest.
     */
    @Test
    void theHistoryKeepsAtMostItsLimitOfRevisionsPerComponent() {
        RevisionHistory history = planner.plan(firstDeploy, RevisionHistory.empty()).completed();
        for (int release = 2; release <= 14; release++) {
            String tag = "1.17." + release;
            history = planner.plan(withComponent(firstDeploy, "reviews", c -> new Component(c.name(), c.type(),
                    image(c.properties(), "docker.io/istio/examples-bookinfo-reviews-v2:" + tag), c.traits())),
                    history).history(); // never completed: reviews-v1 stays the stable revision
        }

        ComponentHistory reviews = history.of("reviews");
        assertThat(reviews.revisions()).hasSize(ComponentHistory.REVISION_HISTORY_LIMIT);
        assertThat(reviews.revisions()).extracting(Revision::name)
                .startsWith("reviews-v1", "reviews-v6").endsWith("reviews-v14");
        assertThat(reviews.stableRevision()).isEqualTo("reviews-v1");
    }

    private static Application withComponent(Application application, String name, UnaryOperator<Component> change) {
        List<Component> components = application.components().stream()
                .map(c -> c.name().equals(name) ? change.apply(c) : c)
                .toList();
        assertThat(components).as("component %s exists", name).isNotEqualTo(application.components());
        return new Application(application.metadata(), new ApplicationSpec(components, application.spec().workflow()));
    }

    private static Component withTraits(Component component, List<Trait> traits) {
        return new Component(component.name(), component.type(), component.properties(), traits);
    }

    private static Component withWorkload(Component component, WebserviceProperties workload) {
        return new Component(component.name(), component.type(), workload, component.traits());
    }

    private static WebserviceProperties env(WebserviceProperties p, EnvVar... env) {
        return new WebserviceProperties(p.image(), p.port(), p.cmd(), List.of(env), p.cpu(), p.memory(),
                p.imagePullPolicy(), p.volumes());
    }

    private static WebserviceProperties image(WebserviceProperties p, String image) {
        return new WebserviceProperties(image, p.port(), p.cmd(), p.env(), p.cpu(), p.memory(), p.imagePullPolicy(),
                p.volumes());
    }
}
