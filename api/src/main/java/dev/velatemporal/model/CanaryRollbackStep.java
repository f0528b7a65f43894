package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code canary-rollback}: the revision the component ran before its latest rollout takes all of it back. */
public record CanaryRollbackStep(String name, Properties properties) implements WorkflowStep {

    public static final String TYPE = "canary-rollback";

    @Override
    public String type() {
        return TYPE;
    }

    /** @param component the component to roll back (null: the first component) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(String component) {}
}
