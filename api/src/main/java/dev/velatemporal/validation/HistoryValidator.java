package dev.velatemporal.validation;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WorkflowStep;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * What a file cannot tell alone (docs/behaviour.md section 2): a {@code weightedTargets} revision must be the
 * component's stable revision or the one this spec creates, judged against the Application's revision history. Pure:
 * the workflow runs it before anything is applied.
 */
public final class HistoryValidator {

    /**
     * @param history the history before this spec
     * @param plan this spec's revisions, planned against {@code history}
     */
    public List<Problem> validate(Application application, RevisionHistory history, RevisionPlan plan) {
        List<Problem> problems = new ArrayList<>();
        List<WorkflowStep> steps = application.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof CanaryRolloutStep rollout) || rollout.properties().traffic() == null) {
                continue;
            }
            Component component = rollout.properties().component() != null
                    ? application.component(rollout.properties().component()).orElseThrow()
                    : application.components().get(0);
            String stable = history.of(component.name()).stableRevision();
            String target = plan.of(component.name()).targetRevision();
            List<CanaryRolloutStep.WeightedTarget> targets = rollout.properties().traffic().weightedTargets();
            for (int j = 0; j < targets.size(); j++) {
                String revision = targets.get(j).revision();
                if (!revision.equals(stable) && !revision.equals(target)) {
                    problems.add(Problem.at("spec.workflow.steps[" + i + "].properties.traffic.weightedTargets[" + j
                            + "].revision", "\"" + revision + "\" is neither the stable revision of " + component.name()
                            + " (" + (stable == null ? "none yet" : stable) + ") nor the one this spec creates ("
                            + target + ")"));
                }
            }
        }
        return problems;
    }
}
