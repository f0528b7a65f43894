package dev.velatemporal.worker.workflow;

import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.ApiFaults;
import dev.velatemporal.sandbox.SandboxCluster;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** Executed writes (method, path, body) that were executed more than once: none, if each change is once. */
    Map<String, Long> repeatedWrites() {
        return cluster.executedWrites().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void close() {
        testbed.close();
        cluster.close();
    }
}
