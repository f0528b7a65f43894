package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.kube.Fixtures;
import dev.velatemporal.kube.ReadinessProgress;
import dev.velatemporal.kube.ReadinessWait;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.ApiFault;
import dev.velatemporal.sandbox.ApiFaults;
import dev.velatemporal.sandbox.FaultRule;
import dev.velatemporal.sandbox.SandboxCluster;
import dev.velatemporal.sandbox.SimulatedKubelet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, seen 6: the Deployment watch cannot be established (every watch request answered 503, as when the
 * WebSocket upgrade and fabric8's HTTP fallback both fail). The pods get ready; the wait must still learn it, by
 * re-reading on a bounded timer, and its progress must say the watch is failing.
 */
@Timeout(60)
class ReadinessFallbackTest {

    private static final DeploymentRef REVIEWS_V2 = new DeploymentRef("default", "reviews-v2");

    @Test
    void aWaitWhoseWatchCannotBeEstablishedStillEndsWhenThePodsAreReady() throws Exception {
        try (SandboxCluster cluster = SandboxCluster.start(0, IstioApiVersion.V1,
                ApiFaults.rules(FaultRule.always("GET", "watch=true", ApiFault.UNAVAILABLE)));
                // Pods ready 3 s after the change: long enough, on a loaded machine too, for the wait to start,
                // find its watch refused and say so before the pods are ready (at 300 ms it once found them ready
                // at its first read, and sent no progress at all).
                SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client(), Duration.ofSeconds(3)).start();
                ReadinessWait wait = new ReadinessWait(cluster.faultyClient(), Duration.ofMillis(100),
                        Duration.ofMillis(500))) {
            List<ReadinessProgress> heartbeats = new CopyOnWriteArrayList<>();
            cluster.client().apps().deployments().inNamespace("default")
                    .resource(Fixtures.revision("reviews", "reviews-v2", "img:2", 2)).create();

            CompletableFuture<DeploymentReadiness> ready =
                    CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, heartbeats::add));

            DeploymentReadiness readiness;
            try {
                readiness = ready.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("still waiting after 15 s; heartbeats " + heartbeats + "; faults "
                        + cluster.injectedFaults() + "; in the cluster "
                        + cluster.client().apps().deployments().inNamespace("default").withName("reviews-v2").get()
                        .getStatus(), e);
            }
            assertThat(readiness.readyReplicas()).isEqualTo(2);
            assertThat(cluster.injectedFaults()).as("watches refused").isNotEmpty()
                    .allSatisfy(f -> assertThat(f).contains("watch=true").endsWith("UNAVAILABLE"));
            assertThat(heartbeats).as("the progress says the watch is failing")
                    .anySatisfy(p -> assertThat(p.watchFailing()).isTrue());
        }
    }
}
