package dev.velatemporal.workflow;

import java.util.List;

/**
 * The status document of SPEC section 3: what {@code starter status -o json} prints. Field names are the
 * contract.
 *
 * @param events notable things that happened and changed nothing, such as a resume while nothing was suspended
 */
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

    public record StepStatus(String name, String type, StepPhase phase, String message) {}

    /** A component with a {@code rollout} trait: its stable and target revisions and each live revision. */
    public record ComponentStatus(
            String name, String stableRevision, String targetRevision, List<RevisionStatus> revisions) {
        public ComponentStatus {
            revisions = List.copyOf(revisions);
        }
    }

    /** @param weight the revision's share of the component's VirtualService route, 0..100 */
    public record RevisionStatus(String name, String image, int replicas, int readyReplicas, int weight) {}

    /** @param at when, as an ISO-8601 instant (workflow time) */
    public record StatusEvent(String at, String message) {}
}
