package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.kube.Eventually;
import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.kube.ReadinessProgress;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.SimulatedKubelet;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The activities as Temporal runs them: heartbeats, cancellation, and the failures the workflow sees. */
@Timeout(30)
class AwaitReadyActivityTest {

    private static final String NS = "default";
    private static final DeploymentRef REVIEWS_V2 = new DeploymentRef(NS, "reviews-v2");

    private final MockCluster cluster = MockCluster.start();
    private final DeliveryActivitiesImpl impl =
            new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1, Duration.ofMillis(100));
    private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
    /** The heartbeats, their clock left out ({@code lastProgressAt} 0), to compare with expected progress. */
    private final List<ReadinessProgress> heartbeats = new CopyOnWriteArrayList<>();
    private final List<ReadinessProgress> timedHeartbeats = new CopyOnWriteArrayList<>();
    private final DeliveryActivities activities;
    private SimulatedKubelet kubelet;

    AwaitReadyActivityTest() {
        temporal.registerActivitiesImplementations(impl);
        temporal.setActivityHeartbeatListener(ReadinessProgress.class, progress -> {
            timedHeartbeats.add(progress);
            heartbeats.add(progress.since(0));
        });
        // The SDK sends heartbeats at most every 0.8 x the heartbeat timeout, and learns of a cancellation only
        // from one: 1 s keeps the tests short.
        activities = temporal.newActivityStub(DeliveryActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    @AfterEach
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        temporal.close();
        impl.close();
        cluster.close();
    }

    private void startKubelet(Duration readyDelay) {
        kubelet = new SimulatedKubelet(cluster.client, readyDelay).start();
    }

    private void createRevision(String image, int replicas) {
        activities.createRevision(new CreateRevisionRequest("book-info", NS, "reviews", "reviews-v2",
                WebserviceProperties.ofImage(image), replicas));
    }

    @Test
    void completesWhenThePodsAreReady() {
        startKubelet(Duration.ofMillis(200));
        createRevision("img:2", 0);
        assertThat(activities.scale(new ScaleRequest(REVIEWS_V2, 2))).isZero();

        DeploymentReadiness ready = activities.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 2));

        assertThat(ready).isEqualTo(new DeploymentReadiness("reviews-v2", "reviews-v2", "img:2", 2, 2));
        assertThat(impl.readinessWaits()).as("waits subscribed").isZero();
        assertThat(impl.runningInformers()).as("the namespace's informer outlives the wait").isEqualTo(1);
    }

    @Test
    void heartbeatsTheProgressWhileItWaits() {
        startKubelet(Duration.ofMillis(1500));
        createRevision("img:2", 2);

        DeploymentReadiness ready = activities.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 2));

        assertThat(ready.readyReplicas()).isEqualTo(2);
        assertThat(heartbeats).as("heartbeats sent while waiting").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(h -> assertThat(h.replicas()).isEqualTo(2))
                .contains(new ReadinessProgress("default/reviews-v2", 2, 2, 0, 0, true));
    }

    @Test
    void aBrokenImageNeverGetsReadyAndTheWaitIsCancellable() throws Exception {
        startKubelet(Duration.ofMillis(200));
        createRevision("example.com/reviews:2.0-broken", 2);

        CompletableFuture<DeploymentReadiness> wait =
                CompletableFuture.supplyAsync(() -> activities.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 2)));
        // The kubelet has rolled the pods out (updated 2) and they are not ready: on a busy machine that takes a
        // while, so wait for that heartbeat rather than for a fixed time.
        Eventually.within(Duration.ofSeconds(20), () -> assertThat(heartbeats).last()
                .isEqualTo(new ReadinessProgress("default/reviews-v2", 2, 2, 2, 0, true)));
        assertThat(wait).as("still waiting with its pods rolled out and none ready").isNotDone();
        // A stalled wait says since when nothing moved: the same instant, heartbeat after heartbeat.
        ReadinessProgress stalled = new ReadinessProgress("default/reviews-v2", 2, 2, 2, 0, true);
        Eventually.within(Duration.ofSeconds(20), () -> assertThat(timedHeartbeats)
                .filteredOn(h -> h.since(0).equals(stalled)).hasSizeGreaterThanOrEqualTo(2));
        assertThat(timedHeartbeats).filteredOn(h -> h.since(0).equals(stalled))
                .extracting(ReadinessProgress::lastProgressAt).containsOnly(
                        timedHeartbeats.stream().filter(h -> h.since(0).equals(stalled)).findFirst().orElseThrow()
                                .lastProgressAt())
                .allSatisfy(at -> assertThat(at).isPositive());

        temporal.requestCancelActivity();

        assertThat(wait).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(CanceledFailure.class);
        assertThat(impl.readinessWaits()).as("waits subscribed").isZero();
    }

    @Test
    void closeStopsTheInformersAndLaterWaitsFailRetryably() {
        // Long enough for the wait to end on the informer's event, not on its first read: the informer has then
        // received all the mock server sent it, and closing its watch cannot meet the mock's close deadlock.
        startKubelet(Duration.ofMillis(500));
        createRevision("img:2", 1);
        activities.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 1));
        assertThat(impl.runningInformers()).isEqualTo(1);

        impl.close();

        assertThat(impl.runningInformers()).isZero();
        assertThatThrownBy(() -> activities.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 1)))
                .isInstanceOfSatisfying(ActivityFailure.class, f -> {
                    assertThat(f.getCause()).isInstanceOf(ApplicationFailure.class);
                    ApplicationFailure cause = (ApplicationFailure) f.getCause();
                    assertThat(cause.isNonRetryable()).as("another worker may take it").isFalse();
                    assertThat(cause.getOriginalMessage()).contains("closed");
                });
    }

    @Test
    void aPermanentErrorReachesTheWorkflowAsANonRetryableFailure() {
        assertThatThrownBy(() -> activities.scale(new ScaleRequest(REVIEWS_V2, 1)))
                .isInstanceOfSatisfying(ActivityFailure.class, f -> {
                    assertThat(f.getCause()).isInstanceOf(ApplicationFailure.class);
                    ApplicationFailure cause = (ApplicationFailure) f.getCause();
                    assertThat(cause.isNonRetryable()).isTrue();
                    assertThat(cause.getType()).isEqualTo("NotFound");
                    assertThat(cause.getOriginalMessage()).isEqualTo("scale Deployment default/reviews-v2: not found");
                });
    }
}
