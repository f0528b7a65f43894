package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A step of {@code spec.workflow}: {@code {name, type, properties}} as in OAM, one record per supported type. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ApplyComponentStep.class, name = ApplyComponentStep.TYPE),
    @JsonSubTypes.Type(value = CanaryRolloutStep.class, name = CanaryRolloutStep.TYPE),
    @JsonSubTypes.Type(value = SuspendStep.class, name = SuspendStep.TYPE),
    @JsonSubTypes.Type(value = CanaryRollbackStep.class, name = CanaryRollbackStep.TYPE)
})
public sealed interface WorkflowStep permits ApplyComponentStep, CanaryRolloutStep, SuspendStep, CanaryRollbackStep {

    /** The step types vela-temporal supports, in the order error messages list them. */
    List<String> TYPES =
            List.of(ApplyComponentStep.TYPE, CanaryRolloutStep.TYPE, SuspendStep.TYPE, CanaryRollbackStep.TYPE);

    String name();

    @JsonProperty("type")
    String type();
}
