package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WorkflowStep;
import dev.velatemporal.revision.ComponentPlan;
import dev.velatemporal.revision.RevisionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * What an Application's workflow says about itself in the Temporal UI: a one-line summary ("book-info (default):
 * canary reviews-v1 -> reviews-v2") and a short markdown description of the components and steps. Names and
 * images only: env values never leave the spec.
 */
public final class ApplicationSummary {

    /** The UI shows summaries on one line; longer ones are cut. */
    static final int MAX_SUMMARY = 200;

    private ApplicationSummary() {}

    public static String summary(Application application, RevisionPlan plan) {
        List<String> canaries = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Component component : application.components()) {
            if (component.rollout().isPresent()) {
                canaries.add(revisions(plan.of(component.name())));
            } else {
                others.add(component.name());
            }
        }
        StringBuilder text = new StringBuilder(application.name() + " (" + application.namespace() + "): ");
        text.append(canaries.isEmpty() ? "deploy " + String.join(", ", others) : String.join("; ", canaries));
        if (!canaries.isEmpty() && !others.isEmpty()) {
            text.append(", with ").append(String.join(", ", others));
        }
        return text.length() <= MAX_SUMMARY ? text.toString() : text.substring(0, MAX_SUMMARY - 3) + "...";
    }

    /** Markdown: a table of the components (image and revisions), then the steps in order. */
    public static String details(Application application, RevisionPlan plan) {
        StringBuilder text = new StringBuilder("| component | image | revisions |\n|---|---|---|\n");
        for (Component component : application.components()) {
            String revisions = component.rollout().isPresent() ? revisions(plan.of(component.name())) : "";
            text.append("| ").append(component.name()).append(" | `").append(component.properties().image())
                    .append("` | ").append(revisions).append(" |\n");
        }
        text.append("\nSteps: ");
        List<String> steps = new ArrayList<>();
        for (WorkflowStep step : application.steps()) {
            steps.add(step.name() + " (" + step.type() + ")");
        }
        text.append(String.join(" → ", steps)).append('\n');
        return text.toString();
    }

    private static String revisions(ComponentPlan plan) {
        if (plan.stable().isEmpty()) {
            return "deploy " + plan.targetRevision();
        }
        return plan.changesRevision() ? "canary " + plan.stableRevision() + " -> " + plan.targetRevision()
                : plan.targetRevision() + " (unchanged)";
    }
}
