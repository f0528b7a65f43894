package dev.velatemporal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.ReferenceFiles;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.WebserviceProperties.EnvVar;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.revision.RevisionPlanner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationSummaryTest {

    private final RevisionPlanner planner = new RevisionPlanner();

    @Test
    void theFirstDeployNamesTheRevisionItCreatesAndTheOtherComponents() {
        Application first = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY);

        String summary = ApplicationSummary.summary(first, planner.plan(first, RevisionHistory.empty()));

        assertThat(summary).isEqualTo("book-info (default): deploy reviews-v1, with productpage, ratings, details");
    }

    @Test
    void aRolloutNamesTheCanaryFromStableToTarget() {
        Application first = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY);
        Application second = ReferenceFiles.load(ReferenceFiles.ROLLOUT_V2);
        RevisionHistory afterFirst = planner.plan(first, RevisionHistory.empty()).completed();

        RevisionPlan plan = planner.plan(second, afterFirst);

        assertThat(ApplicationSummary.summary(second, plan))
                .startsWith("book-info (default): canary reviews-v1 -> reviews-v2");
        assertThat(ApplicationSummary.details(second, plan))
                .contains("| reviews | `docker.io/istio/examples-bookinfo-reviews-v3:1.16.2` | canary reviews-v1 ->"
                        + " reviews-v2 |")
                .contains("Steps: rollout-1st-batch (canary-rollout) → manual-approval (suspend) → rollout-rest"
                        + " (canary-rollout)");
    }

    @Test
    void envValuesNeverAppear() {
        Application first = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY);
        List<Component> components = new ArrayList<>();
        for (Component component : first.components()) {
            WebserviceProperties p = component.properties();
            components.add(new Component(component.name(), component.type(), new WebserviceProperties(p.image(),
                    p.port(), p.cmd(), List.of(new EnvVar("DB_PASSWORD", "s3cr3t-value")), p.cpu(), p.memory(),
                    p.imagePullPolicy(), p.volumes()), component.traits()));
        }
        Application withEnv = new Application(first.metadata(),
                new dev.velatemporal.model.ApplicationSpec(components, first.spec().workflow()));
        RevisionPlan plan = planner.plan(withEnv, RevisionHistory.empty());

        assertThat(ApplicationSummary.summary(withEnv, plan)).doesNotContain("s3cr3t");
        assertThat(ApplicationSummary.details(withEnv, plan)).doesNotContain("s3cr3t").doesNotContain("DB_PASSWORD");
    }

    @Test
    void aLongSummaryIsCutToOneLine() {
        Application first = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY);
        List<Component> many = new ArrayList<>(first.components());
        Component template = first.components().get(1);
        for (int i = 0; i < 40; i++) {
            many.add(new Component("component-number-" + i, template.type(), template.properties(), List.of()));
        }
        Application big = new Application(first.metadata(),
                new dev.velatemporal.model.ApplicationSpec(many, first.spec().workflow()));

        String summary = ApplicationSummary.summary(big, planner.plan(big, RevisionHistory.empty()));

        assertThat(summary).hasSize(ApplicationSummary.MAX_SUMMARY).endsWith("...");
    }
}
