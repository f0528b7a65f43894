package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code rollout}: the batch plan the workflow executes. It renders no object of its own, but it makes the
 * component's Deployments per revision ({@code reviews-v1}, {@code reviews-v2}) so two revisions can run side by side.
 */
public record RolloutTrait(Properties properties) implements Trait {

    public static final String TYPE = "rollout";
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * @param targetSize replicas of the component once a rollout is complete
     * @param rolloutBatches replicas added per batch; they add up to {@code targetSize} (one batch of all by default)
     * @param batchPartition the last batch to roll out when no step says otherwise (null: all)
     * @param progressDeadlineSeconds how long one batch may take to become ready before the rollout fails
     */
    public record Properties(
            int targetSize,
            List<Batch> rolloutBatches,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer batchPartition,
            int progressDeadlineSeconds) {

        public Properties {
            rolloutBatches = List.copyOf(rolloutBatches);
        }

        /** Replicas of the new revision once batches 0..{@code batch} are done. */
        public int replicasAfterBatch(int batch) {
            return rolloutBatches.subList(0, batch + 1).stream().mapToInt(Batch::replicas).sum();
        }

        public int lastBatch() {
            return rolloutBatches.size() - 1;
        }
    }

    public record Batch(int replicas) {}
}
