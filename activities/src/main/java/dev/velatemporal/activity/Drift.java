package dev.velatemporal.activity;

/**
 * An owned object that differs from what the last successful generation left.
 *
 * @param object the object to repair
 * @param description what differs and what the repair does, as the status and the Temporal UI show it: {@code
 *     drift: Deployment default/details was deleted; recreated}
 */
public record Drift(ObjectRef object, String description) {}
