package dev.velatemporal.activity;

/** A Deployment: a revision's ({@code reviews-v2}) or a component's without rollout ({@code productpage}). */
public record DeploymentRef(String namespace, String name) {}
