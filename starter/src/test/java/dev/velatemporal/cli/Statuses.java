package dev.velatemporal.cli;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import java.util.List;

/** Status documents as the workflow writes them, for tests that need one without a workflow. */
final class Statuses {

    private Statuses() {}

    /** book-info's generation 2 waiting at manual-approval, 90/10. */
    static ApplicationStatus suspended(String namespace) {
        return new ApplicationStatus("book-info", namespace, namespace + ".book-info", 2, GenerationPhase.SUSPENDED,
                "waiting for resume at step manual-approval", "manual-approval",
                List.of(new StepStatus("rollout-1st-batch", "canary-rollout", StepPhase.SUCCEEDED, ""),
                        new StepStatus("manual-approval", "suspend", StepPhase.SUSPENDED, ""),
                        new StepStatus("rollout-rest", "canary-rollout", StepPhase.PENDING, "")),
                List.of(new ComponentStatus("reviews", "reviews-v1", "reviews-v2", List.of(
                        new RevisionStatus("reviews-v1", "reviews:v2", 1, 1, 90),
                        new RevisionStatus("reviews-v2", "reviews:v3", 1, 1, 10)))),
                List.of());
    }

    /** A generation that ended; {@code message} as the workflow writes it for {@code phase}. */
    static ApplicationStatus finished(String application, int generation, GenerationPhase phase, String message) {
        return new ApplicationStatus(application, "default", "default." + application, generation, phase, message,
                "", List.of(), List.of(), List.of());
    }
}
