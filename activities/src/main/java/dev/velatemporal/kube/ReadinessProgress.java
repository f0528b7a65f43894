package dev.velatemporal.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How far a Deployment is on its way to ready: the heartbeat details of {@code AwaitReady}, as the Temporal UI shows
 * them while the activity waits, and as the starter's {@code status} reads them (DescribeWorkflowExecution) to
 * show ready pods as the cluster has them during a wait. Unknown fields are ignored, so either side may be newer.
 *
 * @param deployment {@code namespace/name}
 * @param replicas the goal
 * @param specReplicas the Deployment's {@code spec.replicas} (differs from the goal only if someone else scaled it)
 * @param updatedReplicas pods of the current template
 * @param readyReplicas ready pods
 * @param exists false when the Deployment is not there (yet, or any more)
 * @param watchFailing true while the watch that tells the wait about changes cannot be established: the wait then
 *     learns by re-reading the Deployment on a timer, and the status should say so (absent in older details:
 *     false)
 * @param lastProgressAt when the pods last moved (desired, updated or ready pods, or the Deployment appearing),
 *     epoch milliseconds of the worker's clock; a reader tells a stalled wait from a slow one by it (absent in
 *     older details: 0, unknown)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReadinessProgress(String deployment, int replicas, int specReplicas, int updatedReplicas,
        int readyReplicas, boolean exists, boolean watchFailing, long lastProgressAt) {

    public ReadinessProgress(String deployment, int replicas, int specReplicas, int updatedReplicas,
            int readyReplicas, boolean exists, boolean watchFailing) {
        this(deployment, replicas, specReplicas, updatedReplicas, readyReplicas, exists, watchFailing, 0);
    }

    /** Whether the pods are where {@code other} had them (the clock and the watch's health aside). */
    public boolean samePods(ReadinessProgress other) {
        return other != null && specReplicas == other.specReplicas && updatedReplicas == other.updatedReplicas
                && readyReplicas == other.readyReplicas && exists == other.exists;
    }

    /** Progress learnt through a healthy watch. */
    public ReadinessProgress(
            String deployment, int replicas, int specReplicas, int updatedReplicas, int readyReplicas, boolean exists) {
        this(deployment, replicas, specReplicas, updatedReplicas, readyReplicas, exists, false);
    }

    /** This progress, moved last at {@code epochMillis}. */
    public ReadinessProgress since(long epochMillis) {
        return new ReadinessProgress(deployment, replicas, specReplicas, updatedReplicas, readyReplicas, exists,
                watchFailing, epochMillis);
    }
}
