package dev.velatemporal.activity;

import dev.velatemporal.model.Component;

/**
 * @param revision the component's target revision: the subset a new DestinationRule starts with (null for a
 *     component without rollout)
 */
public record ApplyComponentRequest(String application, String namespace, Component component, String revision) {}
