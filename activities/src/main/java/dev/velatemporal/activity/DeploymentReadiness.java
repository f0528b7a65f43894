package dev.velatemporal.activity;

/**
 * A Deployment as the status document shows it.
 *
 * @param revision the value of its {@code app.oam.dev/revision} label (null for a component without rollout)
 * @param image the image of its first container
 */
public record DeploymentReadiness(String name, String revision, String image, int replicas, int readyReplicas) {}
