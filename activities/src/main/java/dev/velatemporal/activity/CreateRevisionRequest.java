package dev.velatemporal.activity;

import dev.velatemporal.model.WebserviceProperties;

/**
 * A revision's Deployment to create: from the component's spec, or from the recorded workload of an older
 * revision whose Deployment was deleted (rollback).
 */
public record CreateRevisionRequest(
        String application, String namespace, String component, String revision, WebserviceProperties workload,
        int replicas) {}
