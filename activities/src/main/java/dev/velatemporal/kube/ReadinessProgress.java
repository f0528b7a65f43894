package dev.velatemporal.kube;

/**
 * How far a Deployment is on its way to ready: the heartbeat details of {@code AwaitReady}, as the Temporal UI shows
 * them while the activity waits.
 *
 * @param deployment {@code namespace/name}
 * @param replicas the goal
 * @param specReplicas the Deployment's {@code spec.replicas} (differs from the goal only if someone else scaled it)
 * @param updatedReplicas pods of the current template
 * @param readyReplicas ready pods
 * @param exists false when the Deployment is not there (yet, or any more)
 */
public record ReadinessProgress(
        String deployment, int replicas, int specReplicas, int updatedReplicas, int readyReplicas, boolean exists) {}
