package dev.velatemporal.yaml;

import dev.velatemporal.model.ApplyComponentStep;
import dev.velatemporal.model.CanaryRollbackStep;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.CanaryRolloutStep.Traffic;
import dev.velatemporal.model.CanaryRolloutStep.WeightedTarget;
import dev.velatemporal.model.SuspendStep;
import dev.velatemporal.model.WorkflowStep;
import java.util.List;

/** Binds {@code spec.workflow.steps[*]}. */
final class StepBinder {

    WorkflowStep bind(YamlField field) {
        YamlMap map = field.map().orElse(null);
        if (map == null) {
            return null;
        }
        map.allowOnly(List.of("name", "type", "properties"));
        String name = map.field("name").requiredString();
        YamlField typeField = map.field("type");
        String type = typeField.requiredString();
        YamlMap properties = map.field("properties").mapOrEmpty();
        switch (type) {
            case ApplyComponentStep.TYPE:
                properties.allowOnly(List.of("component"));
                return new ApplyComponentStep(name, new ApplyComponentStep.Properties(
                        properties.field("component").requiredString()));
            case CanaryRolloutStep.TYPE:
                return new CanaryRolloutStep(name, canaryRollout(properties));
            case SuspendStep.TYPE:
                properties.allowOnly(List.of("duration"));
                return new SuspendStep(name, new SuspendStep.Properties(properties.field("duration").string()));
            case CanaryRollbackStep.TYPE:
                properties.allowOnly(List.of("component"));
                return new CanaryRollbackStep(name, new CanaryRollbackStep.Properties(
                        properties.field("component").string()));
            case "":
                return null;
            default:
                typeField.report("unknown step type \"" + type + "\"; supported: "
                        + String.join(", ", WorkflowStep.TYPES));
                return null;
        }
    }

    private CanaryRolloutStep.Properties canaryRollout(YamlMap map) {
        map.allowOnly(List.of("batchPartition", "traffic", "component"));
        Traffic traffic = map.field("traffic").map().map(trafficMap -> {
            trafficMap.allowOnly(List.of("weightedTargets"));
            YamlField targets = trafficMap.field("weightedTargets");
            if (!targets.isPresent()) {
                targets.report("is required when traffic is given");
            }
            return new Traffic(targets.list(this::weightedTarget));
        }).orElse(null);
        return new CanaryRolloutStep.Properties(
                map.field("batchPartition").integer(), traffic, map.field("component").string());
    }

    private WeightedTarget weightedTarget(YamlField field) {
        return field.map().map(map -> {
            map.allowOnly(List.of("revision", "weight"));
            return new WeightedTarget(map.field("revision").requiredString(), map.field("weight").requiredInteger());
        }).orElse(null);
    }
}
