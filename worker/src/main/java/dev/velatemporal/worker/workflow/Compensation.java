package dev.velatemporal.worker.workflow;

import io.temporal.failure.ActivityFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The undos of a generation, run in an order that never overloads the revision the traffic goes back to: first
 * capacity (revisions scaled back up or recreated, each then awaited ready), then traffic (routes and subsets as
 * they were), then removal (what the generation added is scaled down and deleted). Within each group newest
 * first. Undoing in plain reverse order shifted all traffic back to the stable revision while it still had half
 * its pods (issue 11, seen 3), the outage Argo Rollouts users report.
 *
 * <p>An undo that fails for good does not stop the others; it is returned, so the generation can say what could
 * not be restored instead of "everything is as before". Workflow code.
 */
final class Compensation {

    /** Waits until a Deployment is ready at its replicas; throws when it is not within the deadline. */
    interface Readiness {
        void await(String deployment, int replicas);
    }

    private final List<Undo> undos = new ArrayList<>();

    void register(Undo undo) {
        undos.add(undo);
    }

    int size() {
        return undos.size();
    }

    /** @return what could not be restored, each with the reason; empty when everything is as before */
    List<String> run(Readiness readiness) {
        List<String> unrestored = new ArrayList<>();
        List<Undo> newestFirst = new ArrayList<>(undos);
        java.util.Collections.reverse(newestFirst);
        undos.clear(); // each undo runs once, even if compensation is asked for again
        List<Undo> restored = new ArrayList<>();
        for (Undo undo : newestFirst) {
            if (undo.kind() == Undo.Kind.CAPACITY && attempt(undo, unrestored)) {
                restored.add(undo);
            }
        }
        for (Undo undo : restored) {
            try {
                readiness.await(undo.deployment(), undo.replicas());
            } catch (RuntimeException e) {
                unrestored.add("get " + undo.deployment() + " ready at " + undo.replicas() + " replicas: " + reason(e));
            }
        }
        for (Undo.Kind kind : List.of(Undo.Kind.TRAFFIC, Undo.Kind.REMOVAL)) {
            for (Undo undo : newestFirst) {
                if (undo.kind() == kind) {
                    attempt(undo, unrestored);
                }
            }
        }
        return unrestored;
    }

    private static boolean attempt(Undo undo, List<String> unrestored) {
        try {
            undo.action().run();
            return true;
        } catch (ActivityFailure e) {
            unrestored.add(undo.restores() + ": " + reason(e));
            return false;
        }
    }

    static String reason(RuntimeException e) {
        Throwable cause = e instanceof ActivityFailure && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof io.temporal.failure.ApplicationFailure application) {
            return application.getOriginalMessage();
        }
        return cause.getMessage();
    }
}
