package dev.velatemporal.activity;

public record ScaleRequest(DeploymentRef deployment, int replicas) {}
