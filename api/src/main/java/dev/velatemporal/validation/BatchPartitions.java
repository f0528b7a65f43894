package dev.velatemporal.validation;

import dev.velatemporal.model.RolloutTrait;

/** A batch partition names the last batch to roll out, so it must be one of the rollout's batches. */
final class BatchPartitions {

    private BatchPartitions() {}

    static void check(int partition, RolloutTrait.Properties rollout, String path, String ofWhat, Problems problems) {
        int last = rollout.lastBatch();
        if (last >= 0 && (partition < 0 || partition > last)) {
            problems.add(path, partition + " is outside the batches" + ofWhat + ": must be between 0 and " + last);
        }
    }
}
