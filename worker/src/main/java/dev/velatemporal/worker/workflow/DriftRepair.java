package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.Drift;
import dev.velatemporal.activity.DriftRequest;
import dev.velatemporal.activity.RepairDriftRequest;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.revision.ComponentHistory;
import dev.velatemporal.revision.Revision;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.workflow.Baseline;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drift repair between generations: the owned objects are compared with what the last successful generation left
 * ({@link Baseline}), and each one that differs is put back, one activity per repair, named after what it repairs
 * ({@code drift: Deployment default/details was deleted; recreated}) and reported as a status event in the same
 * words. Workflow code: it only calls activities.
 */
final class DriftRepair {

    private final ActivityStubs stubs;
    private final StatusBoard status;
    private final String application;
    private final String namespace;

    DriftRepair(ActivityStubs stubs, StatusBoard status, String application, String namespace) {
        this.stubs = stubs;
        this.status = status;
        this.application = application;
        this.namespace = namespace;
    }

    /**
     * What the cluster holds after generation {@code generation} of {@code spec} succeeded. A rollout it left
     * partway stays unfinished; one it completed or rolled back is settled; one it did not touch is as before.
     */
    static Baseline after(Baseline before, int generation, Application spec, Map<String, Boolean> rolloutsSettled) {
        List<String> unfinished = new ArrayList<>();
        for (Component component : spec.components()) {
            if (component.rollout().isEmpty()) {
                continue;
            }
            Boolean settled = rolloutsSettled.get(component.name());
            boolean wasUnfinished = before != null && before.unfinished().contains(component.name());
            if (settled != null ? !settled : wasUnfinished) {
                unfinished.add(component.name());
            }
        }
        return new Baseline(generation, spec, unfinished);
    }

    /** What the activities compare the cluster with: the baseline's spec and the stable revisions of history. */
    static DriftRequest request(Baseline baseline, RevisionHistory history) {
        Application spec = baseline.application();
        List<DriftRequest.Kept> kept = new ArrayList<>();
        for (Component component : spec.components()) {
            DriftRequest.StableRevision stable = null;
            if (component.rollout().isPresent() && !baseline.unfinished().contains(component.name())) {
                ComponentHistory past = history.of(component.name());
                String name = past.stableRevision();
                Revision revision = name == null ? null : past.revision(name).orElse(null);
                if (revision != null) {
                    stable = new DriftRequest.StableRevision(name, revision.workload(),
                            component.rollout().orElseThrow().properties().targetSize());
                }
            }
            kept.add(new DriftRequest.Kept(component, stable));
        }
        return new DriftRequest(spec.name(), spec.namespace(), kept);
    }

    /**
     * Compares, and repairs what drifted.
     *
     * @param asked by {@code reconcile} (not the interval's timer): then "nothing drifted" is said too
     */
    void repair(Baseline baseline, RevisionHistory history, boolean asked) {
        DriftRequest kept = request(baseline, history);
        List<Drift> drifts;
        try {
            drifts = stubs.call("check " + application + " for drift from generation " + baseline.generation())
                    .detectDrift(kept);
        } catch (ActivityFailure e) {
            rethrowIfCancelled(e);
            status.event((asked ? "reconcile failed: " : "") + "the drift check failed: " + reason(e));
            return;
        }
        int repaired = 0;
        for (Drift drift : drifts) {
            try {
                stubs.call(drift.description()).repairDrift(new RepairDriftRequest(kept, drift.object()));
                status.event(drift.description());
                repaired++;
            } catch (ActivityFailure e) {
                rethrowIfCancelled(e);
                status.event("repair failed: " + drift.description() + ": " + reason(e));
            }
        }
        if (!asked) {
            return;
        }
        String left = namespace + "/" + application + " is as generation " + baseline.generation() + " left it";
        if (drifts.isEmpty()) {
            status.event("reconcile: nothing drifted; " + left);
        } else if (repaired == drifts.size()) {
            status.event("reconcile: " + repaired + (repaired == 1 ? " repair; " : " repairs; ") + left);
        } else {
            status.event("reconcile failed: " + (drifts.size() - repaired) + " of " + drifts.size()
                    + " repairs failed (see the events before)");
        }
    }

    private static void rethrowIfCancelled(ActivityFailure e) {
        if (Outcome.isCancellation(e) || CancellationScope.current().isCancelRequested()) {
            throw e;
        }
    }

    private static String reason(ActivityFailure e) {
        if (e.getCause() instanceof ApplicationFailure failure) {
            return failure.getOriginalMessage();
        }
        return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }
}
