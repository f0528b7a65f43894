package dev.velatemporal.worker.workflow;

/**
 * One change's undo, registered before the change is attempted (so a change that lands after a cancellation
 * still has one) and idempotent (so running it when the change never landed is harmless).
 *
 * @param kind when it runs during compensation (see {@link Compensation})
 * @param restores what it gives back, as the status names it when it fails: {@code scale reviews-v1 back to 2
 *     replicas}
 * @param deployment for {@link Kind#CAPACITY}: the Deployment that must be ready afterwards; null otherwise
 * @param replicas for {@link Kind#CAPACITY}: its replicas once restored
 * @param action the activity calls; workflow code
 */
record Undo(Kind kind, String restores, String deployment, int replicas, Runnable action) {

    /** Capacity comes back first, then traffic, then what the generation added goes (see {@link Compensation}). */
    enum Kind { CAPACITY, TRAFFIC, REMOVAL }

    static Undo capacity(String restores, String deployment, int replicas, Runnable action) {
        return new Undo(Kind.CAPACITY, restores, deployment, replicas, action);
    }

    static Undo traffic(String restores, Runnable action) {
        return new Undo(Kind.TRAFFIC, restores, null, 0, action);
    }

    static Undo removal(String restores, Runnable action) {
        return new Undo(Kind.REMOVAL, restores, null, 0, action);
    }
}
