package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code canary-rollout}: scales the component's new revision up to a batch, then shifts traffic by weight. */
public record CanaryRolloutStep(String name, Properties properties) implements WorkflowStep {

    public static final String TYPE = "canary-rollout";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @param batchPartition the last batch this step rolls out (null: all of them)
     * @param traffic the weights to set once the batch is ready (null: leave traffic alone)
     * @param component the component to roll out (null: the first component, as in KubeVela v1.1)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(Integer batchPartition, Traffic traffic, String component) {}

    public record Traffic(List<WeightedTarget> weightedTargets) {
        public Traffic {
            weightedTargets = List.copyOf(weightedTargets);
        }
    }

    public record WeightedTarget(String revision, int weight) {}
}
