package dev.velatemporal.validation;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplyComponentStep;
import dev.velatemporal.model.CanaryRollbackStep;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.CanaryRolloutStep.WeightedTarget;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.GoDuration;
import dev.velatemporal.model.RevisionName;
import dev.velatemporal.model.SuspendStep;
import dev.velatemporal.model.WorkflowStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code spec.workflow}: step names, and that each step refers to a component that can do what it asks. */
final class WorkflowRules {

    void check(Application application, Problems problems) {
        if (!application.hasDeclaredWorkflow()) {
            return;
        }
        List<WorkflowStep> steps = application.spec().workflow().steps();
        if (steps.isEmpty()) {
            problems.add("spec.workflow.steps", "must list at least one step");
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            WorkflowStep step = steps.get(i);
            String path = FieldPath.element("spec.workflow.steps", i);
            checkName(step.name(), path + ".name", firstIndex, i, problems);
            String properties = path + ".properties";
            if (step instanceof ApplyComponentStep apply) {
                component(application, apply.properties().component(), properties + ".component", problems);
            } else if (step instanceof CanaryRolloutStep rollout) {
                checkCanaryRollout(application, rollout.properties(), path, problems);
            } else if (step instanceof SuspendStep suspend) {
                checkDuration(suspend.properties().duration(), properties + ".duration", problems);
            } else if (step instanceof CanaryRollbackStep rollback) {
                canaryComponent(application, rollback.properties().component(), path, CanaryRollbackStep.TYPE,
                        problems);
            }
        }
    }

    private void checkName(String name, String path, Map<String, Integer> firstIndex, int index, Problems problems) {
        if (name.isEmpty()) {
            return;
        }
        String problem = Names.dns1123LabelProblem(name);
        if (problem != null) {
            problems.add(path, problem);
        }
        Integer first = firstIndex.putIfAbsent(name, index);
        if (first != null) {
            problems.add(path, "duplicate step name \"" + name + "\" (also spec.workflow.steps[" + first + "])");
        }
    }

    private void checkCanaryRollout(Application application, CanaryRolloutStep.Properties rollout, String path,
            Problems problems) {
        Optional<Component> component = canaryComponent(application, rollout.component(), path,
                CanaryRolloutStep.TYPE, problems);
        String properties = path + ".properties";
        if (rollout.batchPartition() != null && component.isPresent()) {
            BatchPartitions.check(rollout.batchPartition(), component.get().rollout().orElseThrow().properties(),
                    properties + ".batchPartition", " of component \"" + component.get().name() + "\"", problems);
        }
        if (rollout.traffic() != null) {
            String componentName = component.map(Component::name).orElse(null);
            checkWeightedTargets(rollout.traffic().weightedTargets(), componentName,
                    properties + ".traffic.weightedTargets", problems);
        }
    }

    /** The component a canary step acts on (named, or the first), when it exists and can be canaried. */
    private Optional<Component> canaryComponent(Application application, String named, String stepPath,
            String stepType, Problems problems) {
        Optional<Component> component = named != null
                ? component(application, named, stepPath + ".properties.component", problems)
                : application.components().stream().findFirst();
        if (component.isEmpty()) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (component.get().rollout().isEmpty()) {
            missing.add("rollout");
        }
        if (component.get().canaryTraffic().isEmpty()) {
            missing.add("canary-traffic");
        }
        if (!missing.isEmpty()) {
            String which = named != null ? "" : " (the first component; set properties.component to choose another)";
            problems.add(named != null ? stepPath + ".properties.component" : stepPath, stepType + " needs a "
                    + "component with rollout and canary-traffic traits, but \"" + component.get().name() + "\""
                    + which + " has no " + String.join(" and no ", missing) + " trait");
            return Optional.empty();
        }
        return component;
    }

    private Optional<Component> component(Application application, String name, String path, Problems problems) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Component> component = application.component(name);
        if (component.isEmpty()) {
            problems.add(path, "no component named \"" + name + "\"; components: "
                    + String.join(", ", application.components().stream().map(Component::name).toList()));
        }
        return component;
    }

    private void checkWeightedTargets(List<WeightedTarget> targets, String component, String path,
            Problems problems) {
        if (targets.isEmpty()) {
            problems.add(path, "must list at least one revision and its weight");
            return;
        }
        int total = 0;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            WeightedTarget target = targets.get(i);
            String targetPath = FieldPath.element(path, i);
            total += target.weight();
            if (target.weight() < 0 || target.weight() > 100) {
                problems.add(targetPath + ".weight", target.weight() + " is outside 0..100");
            }
            if (target.revision().isEmpty()) {
                continue;
            }
            Optional<RevisionName> revision = RevisionName.parse(target.revision());
            if (component != null && (revision.isEmpty() || !revision.get().component().equals(component))) {
                problems.add(targetPath + ".revision", "\"" + target.revision() + "\" is not a revision of component "
                        + "\"" + component + "\": revisions are named " + component + "-v<N>, e.g. " + component
                        + "-v2");
            }
            Integer first = seen.putIfAbsent(target.revision(), i);
            if (first != null) {
                problems.add(targetPath + ".revision", "revision \"" + target.revision() + "\" is listed twice (also "
                        + path + "[" + first + "])");
            }
        }
        if (total != 100) {
            problems.add(path, "weights add up to " + total + ", must be 100");
        }
    }

    private void checkDuration(String duration, String path, Problems problems) {
        if (duration == null) {
            return;
        }
        Optional<Duration> parsed = GoDuration.parse(duration);
        if (parsed.isEmpty()) {
            problems.add(path, "\"" + duration + "\" is not a duration of at most a year; write it like 30s, 5m "
                    + "or 1h30m");
        } else if (parsed.get().isZero()) {
            problems.add(path, "must be longer than 0s (leave it out to wait for resume only)");
        }
    }
}
