package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;
import java.util.List;

/**
 * What one run of an Application's workflow carries to the next when it continues as new.
 *
 * @param history every component revision so far, with the stable ones
 * @param lastApplied the spec of the latest generation (null before the first), to tell an unchanged apply
 * @param next the apply that starts the next generation (null: wait for one)
 * @param status the status document as the previous run left it, so queries answer across runs
 * @param answered the latest updates answered, oldest first, so a repeated update ID is answered, not applied
 *     twice; empty in a state carried before updates existed
 * @param owned every object the Application owns; null from runs before ownership was carried (the workflow then
 *     derives it from the last spec and the revision history)
 * @param baseline what the last successful generation left, which drift repair keeps the cluster at (null before
 *     the first success, and in states carried by runs before drift repair)
 * @param nextBy who sent {@code next}, and when (null with no {@code next}, and in states carried by runs before
 *     senders were recorded)
 * @param generations the latest {@link #GENERATIONS_KEPT} generations, oldest first: who applied, approved and
 *     stopped each, and how it ended (null in states carried by runs before this record was kept)
 */
public record WorkflowState(RevisionHistory history, Application lastApplied, ApplyRequest next,
        ApplicationStatus status, List<AnsweredUpdate> answered, List<OwnedObject> owned, Baseline baseline,
        Attribution nextBy, List<GenerationRecord> generations) {

    /** How many answered updates a run carries to the next. */
    public static final int ANSWERS_KEPT = 32;
    /** How many generations the {@code history} query reports (and a run carries to the next). */
    public static final int GENERATIONS_KEPT = 20;

    public WorkflowState {
        answered = answered == null ? List.of() : List.copyOf(answered);
        owned = owned == null ? null : List.copyOf(owned);
        generations = generations == null ? null : List.copyOf(generations);
    }

    /** As carried by runs before senders and the generation record. */
    public WorkflowState(RevisionHistory history, Application lastApplied, ApplyRequest next,
            ApplicationStatus status, List<AnsweredUpdate> answered, List<OwnedObject> owned, Baseline baseline) {
        this(history, lastApplied, next, status, answered, owned, baseline, null, null);
    }

    /** As carried by runs before updates, ownership and drift repair. */
    public WorkflowState(RevisionHistory history, Application lastApplied, ApplyRequest next,
            ApplicationStatus status) {
        this(history, lastApplied, next, status, List.of(), null, null);
    }

    public static WorkflowState initial() {
        return new WorkflowState(RevisionHistory.empty(), null, null, null);
    }
}
