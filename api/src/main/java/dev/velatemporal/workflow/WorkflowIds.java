package dev.velatemporal.workflow;

/** Where an Application's workflow lives: its ID and the task queue the workers poll. */
public final class WorkflowIds {

    public static final String TASK_QUEUE = "vela-applications";

    private WorkflowIds() {}

    /**
     * {@code <namespace>.<name>}, e.g. {@code default.book-info}. Both parts are DNS-1123 labels (validated), so
     * the ID has no '/', ':' or '@', on which the Temporal UI has a history of 404s, and no ambiguous dot.
     */
    public static String of(String namespace, String name) {
        return namespace + "." + name;
    }
}
