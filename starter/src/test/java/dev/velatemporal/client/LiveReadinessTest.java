package dev.velatemporal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.codec.AesGcmPayloadCodec;
import dev.velatemporal.codec.KeylessPayloadCodec;
import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.kube.ReadinessProgress;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ready pods from the pending readiness wait's heartbeat, merged into the status document. */
class LiveReadinessTest {

    private static final DataConverter JSON = DefaultDataConverter.newDefaultInstance();

    @Test
    void theWaitedRevisionShowsWhatTheWaitLastSawAndTheOthersAreLeftAlone() {
        ApplicationStatus status = waiting(new RevisionStatus("catalog-v1", "podinfo:6.7.0", 6, 6, 100),
                new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 0, 0));
        DescribeWorkflowExecutionResponse describe = describe(JSON,
                pending("AwaitReady", new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true)),
                pending("Scale", null));

        List<ReadinessProgress> waits = LiveReadiness.pending(describe, JSON);
        ApplicationStatus live = LiveReadiness.merge(status, waits);

        assertThat(waits).containsExactly(new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true));
        assertThat(live.components().get(0).revisions()).containsExactly(
                new RevisionStatus("catalog-v1", "podinfo:6.7.0", 6, 6, 100),
                new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 1, 0));
        assertThat(live.steps()).isEqualTo(status.steps());
        assertThat(live.phase()).isEqualTo(GenerationPhase.RUNNING);
    }

    @Test
    void desiredReplicasComeFromTheClusterToo() {
        ApplicationStatus status = waiting(new RevisionStatus("catalog-v1", "podinfo:6.7.0", 6, 6, 100));

        ApplicationStatus live = LiveReadiness.merge(status,
                List.of(new ReadinessProgress("default/catalog-v1", 4, 5, 5, 5, true)));

        assertThat(live.components().get(0).revisions())
                .containsExactly(new RevisionStatus("catalog-v1", "podinfo:6.7.0", 5, 5, 100));
    }

    @Test
    void anotherNamespaceAMissingDeploymentOrNoHeartbeatChangeNothing() {
        ApplicationStatus status = waiting(new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 0, 0));

        assertThat(LiveReadiness.merge(status, List.of(
                new ReadinessProgress("other/catalog-v2", 2, 2, 2, 2, true),
                new ReadinessProgress("default/catalog-v2", 2, 0, 0, 0, false)))).isEqualTo(status);
        assertThat(LiveReadiness.pending(describe(JSON, pending("AwaitReady", null)), JSON)).isEmpty();
    }

    @Test
    void encryptedHeartbeatsAreReadWithTheSameKeyAndSkippedWithoutIt() {
        // As the worker and the starter build their converters with a key (TemporalConnection), and without one.
        DataConverter encrypting = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
                List.of(new AesGcmPayloadCodec(PayloadKey.fromBytes(new byte[PayloadKey.LENGTH_BYTES]))), true);
        DataConverter keyless = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
                List.of(new KeylessPayloadCodec()), false);
        DescribeWorkflowExecutionResponse describe = describe(encrypting,
                pending("AwaitReady", new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true)));

        assertThat(LiveReadiness.pending(describe, encrypting))
                .containsExactly(new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true));
        assertThat(LiveReadiness.pending(describe, keyless)).as("no key: the workflow's status as it is").isEmpty();
    }

    /** A rollout never stalls silently: pods that have not moved for a minute, or a failing watch, are said. */
    @Test
    void aStalledWaitOrAFailingWatchIsSaidInTheStepsMessage() {
        ApplicationStatus status = waiting(new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 1, 0));
        long now = 1_000_000_000L;

        ApplicationStatus moving = LiveReadiness.merge(status, List.of(
                new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true, false, now - 59_000)), now);
        ApplicationStatus stalled = LiveReadiness.merge(status, List.of(
                new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true, false, now - 125_000)), now);
        ApplicationStatus blind = LiveReadiness.merge(status, List.of(
                new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true, true, now - 1_000)), now);

        assertThat(moving.steps().get(0).message()).isEqualTo("waiting for its pods");
        assertThat(stalled.steps().get(0).message()).isEqualTo(
                "waiting for its pods (no progress for 2m5s: default/catalog-v2 has 1 of 2 pods ready)");
        assertThat(blind.steps().get(0).message()).isEqualTo("waiting for its pods (the watch on"
                + " default/catalog-v2 is failing; its readiness is re-read every few seconds)");
    }

    private static ApplicationStatus waiting(RevisionStatus... revisions) {
        return new ApplicationStatus("shop", "default", "default.shop", 2, GenerationPhase.RUNNING, "", "batch-0",
                List.of(new StepStatus("batch-0", "canary-rollout", StepPhase.RUNNING, "waiting for its pods",
                        "2025-06-01T12:10:00Z", "")),
                List.of(new ComponentStatus("catalog", "catalog-v1", "catalog-v2", List.of(revisions))), List.of());
    }

    private record Pending(String type, ReadinessProgress heartbeat) {}

    private static Pending pending(String type, ReadinessProgress heartbeat) {
        return new Pending(type, heartbeat);
    }

    private static DescribeWorkflowExecutionResponse describe(DataConverter converter, Pending... activities) {
        DescribeWorkflowExecutionResponse.Builder response = DescribeWorkflowExecutionResponse.newBuilder();
        for (Pending activity : activities) {
            PendingActivityInfo.Builder info = PendingActivityInfo.newBuilder()
                    .setActivityType(ActivityType.newBuilder().setName(activity.type()));
            if (activity.heartbeat() != null) {
                Payloads payloads = converter.toPayloads(activity.heartbeat()).orElseThrow();
                info.setHeartbeatDetails(payloads);
            }
            response.addPendingActivities(info);
        }
        return response.build();
    }
}
