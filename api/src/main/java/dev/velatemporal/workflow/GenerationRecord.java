package dev.velatemporal.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One generation as the {@code history} query reports it (docs/behaviour.md section 3, "Who did what"): what it
 * deployed, who applied it, who approved its suspended steps, who stopped it, and how it ended. The workflow keeps
 * the latest {@link WorkflowState#GENERATIONS_KEPT}, carried across continue-as-new.
 *
 * @param spec what it deployed: each component, with its target revision once the revisions are planned
 *     ({@code reviews → reviews-v2 (new)})
 * @param applied who applied it; null for a generation applied before the workflow kept this record
 * @param approved each resume of a suspended step, oldest first ({@code what} names the step)
 * @param stopped the rollback, delete or newer apply that interrupted it; null when none did
 * @param phase how it ended; while it runs, the status' phase ({@code running}, {@code suspended})
 * @param message the status message it ended with
 * @param endedAt when it ended (ISO-8601, workflow time); empty while it runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerationRecord(int generation, String spec, Attribution applied, List<Attribution> approved,
        Attribution stopped, GenerationPhase phase, String message, String endedAt) {

    public GenerationRecord {
        spec = spec == null ? "" : spec;
        approved = approved == null ? List.of() : List.copyOf(approved);
        message = message == null ? "" : message;
        endedAt = endedAt == null ? "" : endedAt;
    }

    public boolean ended() {
        return !endedAt.isEmpty();
    }
}
