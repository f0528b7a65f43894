package dev.velatemporal.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The status document of docs/behaviour.md section 3: what {@code starter status -o json} prints. Field names are the
 * contract.
 *
 * @param events notable things that happened and changed nothing, such as a resume while nothing was suspended
 */
// Unknown fields are ignored, so a starter older than the worker still reads the fields it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationStatus(
        String application,
        String namespace,
        String workflowId,
        int generation,
        GenerationPhase phase,
        String message,
        String currentStep,
        List<StepStatus> steps,
        List<ComponentStatus> components,
        List<StatusEvent> events) {

    public ApplicationStatus {
        steps = List.copyOf(steps);
        components = List.copyOf(components);
        events = List.copyOf(events);
    }

    /**
     * A step. While it waits, it says until when, as ISO-8601 instants of workflow time (empty, and left out of
     * the JSON, when it does not wait):
     *
     * @param progressDeadline when the readiness wait in progress fails the step (its {@code
     *     progressDeadlineSeconds} after the wait began)
     * @param resumesAt when a suspended step with a {@code duration} resumes by itself
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepStatus(String name, String type, StepPhase phase, String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String progressDeadline,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String resumesAt) {

        @JsonCreator
        public StepStatus {
            progressDeadline = Objects.requireNonNullElse(progressDeadline, "");
            resumesAt = Objects.requireNonNullElse(resumesAt, "");
        }

        /** A step that waits for nothing with a time limit. */
        public StepStatus(String name, String type, StepPhase phase, String message) {
            this(name, type, phase, message, "", "");
        }
    }

    /** A component with a {@code rollout} trait: its stable and target revisions and each live revision. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ComponentStatus(
            String name, String stableRevision, String targetRevision, List<RevisionStatus> revisions) {
        public ComponentStatus {
            revisions = List.copyOf(revisions);
        }
    }

    /**
     * @param replicas desired ({@code spec.replicas})
     * @param weight the revision's share of the component's VirtualService route, 0..100
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RevisionStatus(String name, String image, int replicas, int readyReplicas, int weight) {}

    /** @param at when, as an ISO-8601 instant (workflow time) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatusEvent(String at, String message) {}
}
