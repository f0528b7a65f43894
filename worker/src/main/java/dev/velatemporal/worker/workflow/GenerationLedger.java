package dev.velatemporal.worker.workflow;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.revision.ComponentPlan;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.Attribution;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.GenerationRecord;
import dev.velatemporal.workflow.WorkflowState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The workflow's record of its latest generations (the {@code history} query): who applied each, who approved its
 * suspended steps, who stopped it, how it ended. Bounded to {@link WorkflowState#GENERATIONS_KEPT}, carried across
 * continue-as-new. Workflow code that only keeps state: no command.
 */
final class GenerationLedger {

    private final List<GenerationRecord> records = new ArrayList<>();

    /**
     * What the previous run carried; from a run before the record was kept (null), the generation its status shows,
     * applied by someone the workflow did not record.
     */
    static GenerationLedger carried(List<GenerationRecord> carried, ApplicationStatus status, Application spec) {
        GenerationLedger ledger = new GenerationLedger();
        if (carried != null) {
            ledger.records.addAll(carried);
        } else if (status != null && status.generation() > 0) {
            boolean ended = status.phase().isFinished();
            ledger.records.add(new GenerationRecord(status.generation(), spec != null ? components(spec) : "",
                    null, List.of(), null, ended ? status.phase() : null, ended ? status.message() : "",
                    ended ? "unknown" : ""));
        }
        return ledger;
    }

    void started(int generation, Application application, Attribution applied) {
        records.add(new GenerationRecord(generation, components(application), applied, List.of(), null, null, "",
                ""));
        while (records.size() > WorkflowState.GENERATIONS_KEPT) {
            records.remove(0);
        }
    }

    /** The revisions are planned: the spec names each component's target. */
    void planned(int generation, RevisionPlan plan) {
        String spec = plan.components().stream().map(GenerationLedger::target).collect(Collectors.joining(", "));
        change(generation, r -> new GenerationRecord(r.generation(), spec, r.applied(), r.approved(), r.stopped(),
                r.phase(), r.message(), r.endedAt()));
    }

    void approved(int generation, Attribution approval) {
        change(generation, r -> {
            List<Attribution> approvals = new ArrayList<>(r.approved());
            approvals.add(approval);
            return new GenerationRecord(r.generation(), r.spec(), r.applied(), approvals, r.stopped(), r.phase(),
                    r.message(), r.endedAt());
        });
    }

    /**
     * A rollback, delete or newer apply interrupted it; the first one is what ends it. A delete is recorded on the
     * latest generation even after it ended: that is what became of its objects.
     */
    void stopped(int generation, Attribution stop) {
        boolean delete = stop.what().equals("delete");
        change(generation, r -> r.stopped() != null || r.ended() && !delete ? r : new GenerationRecord(r.generation(),
                r.spec(), r.applied(), r.approved(), stop, r.phase(), r.message(), r.endedAt()));
    }

    /** The generation ended: its first finished phase stands (a delete afterwards is recorded as {@code stopped}). */
    void ended(int generation, GenerationPhase phase, String message, String at) {
        change(generation, r -> r.ended() ? r : new GenerationRecord(r.generation(), r.spec(), r.applied(),
                r.approved(), r.stopped(), phase, message, at));
    }

    /** Whether the generation is recorded and has not ended. */
    boolean isOpen(int generation) {
        return records.stream().anyMatch(r -> r.generation() == generation && !r.ended());
    }

    /** The record, the generation that has not ended showing the status' phase and message. */
    List<GenerationRecord> list(ApplicationStatus now) {
        List<GenerationRecord> list = new ArrayList<>();
        for (GenerationRecord r : records) {
            if (!r.ended() && now != null && now.generation() == r.generation()) {
                r = new GenerationRecord(r.generation(), r.spec(), r.applied(), r.approved(), r.stopped(),
                        now.phase(), now.message(), "");
            }
            list.add(r);
        }
        return List.copyOf(list);
    }

    /** As carried to the next run. */
    List<GenerationRecord> carried() {
        return List.copyOf(records);
    }

    private void change(int generation, java.util.function.UnaryOperator<GenerationRecord> how) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).generation() == generation) {
                records.set(i, how.apply(records.get(i)));
                return;
            }
        }
    }

    private static String components(Application application) {
        return application.components().stream().map(Component::name).collect(Collectors.joining(", "));
    }

    private static String target(ComponentPlan plan) {
        return plan.component() + ": " + plan.targetRevision() + (plan.newRevision() ? " (new)" : "");
    }
}
