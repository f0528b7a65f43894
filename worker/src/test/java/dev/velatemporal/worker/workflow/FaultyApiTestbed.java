package dev.velatemporal.worker.workflow;

import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.ApiFaults;
import dev.velatemporal.sandbox.SandboxCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DeliveryTestbed} on the sandbox API behind its fault layer: the worker's requests get the faults, the
 * kubelet's and the test's checks do not. A failure inside {@link #check} names the seed and the faults applied,
 * so the run can be replayed.
 */
final class FaultyApiTestbed implements AutoCloseable {

    final SandboxCluster cluster;
    final DeliveryTestbed testbed;
    private final ApiFaults faults;

    FaultyApiTestbed(ApiFaults faults) {
        this.faults = faults;
        this.cluster = SandboxCluster.start(0, IstioApiVersion.V1, faults);
        this.testbed = new DeliveryTestbed(cluster.faultyClient(), cluster.client(), Duration.ofMillis(100));
    }

    /** Runs a story's checks; a failure is rethrown with the seed and the faults applied. */
    void check(Runnable story) {
        try {
            story.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("with API faults seed " + faults.seed() + " (" + faults + "); faults applied: "
                    + cluster.injectedFaults() + "; " + e.getMessage(), e);
        }
    }

    /**
     * Writes the store executed twice in a row on the same path with the same body: one intended change applied
     * twice (a retry that did not see its first write). The same body again after another write to the object is
     * another change (scaled down, then back up by the undo), not a repeat. Empty when each change was applied once.
     */
    List<String> repeatedWrites() {
        Map<String, String> lastByPath = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (String write : cluster.executedWrites()) {
            String[] parts = write.split(" ", 3); // method, path, body
            String previous = lastByPath.put(parts[1], write);
            if (write.equals(previous)) {
                repeated.add(write);
            }
        }
        return repeated;
    }

    @Override
    public void close() {
        testbed.close();
        cluster.close();
    }
}
