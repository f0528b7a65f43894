package dev.velatemporal.activity;

/** Wait until {@code deployment} has {@code replicas} updated, ready replicas (0: none left). */
public record AwaitReadyRequest(DeploymentRef deployment, int replicas) {}
