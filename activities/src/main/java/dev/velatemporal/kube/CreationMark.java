package dev.velatemporal.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which activity execution created an object: an annotation written with the create, naming the workflow run and
 * the activity (the same for every attempt of one activity, different for any other).
 *
 * <p>Why: a create the API executed but whose answer was lost (a reset after the write) fails the attempt; the
 * retry finds the object and, without the mark, could not tell "I created it" from "it was there", so it reported
 * "not created" and the workflow registered no undo: the rollback left the object behind. With the mark, the retry
 * knows its own create and reports it as created.
 *
 * <p>Outside an activity (tests calling the implementation directly) there is no mark, and "exists" means "not
 * created", as before.
 */
final class CreationMark {

    static final String ANNOTATION = "vela-temporal.dev/created-by";

    private CreationMark() {}

    /** {@code workflowId/runId/activityId} of the running activity, or empty outside one. */
    static Optional<String> current() {
        try {
            ActivityInfo info = Activity.getExecutionContext().getInfo();
            return Optional.of(info.getWorkflowId() + "/" + info.getRunId() + "/" + info.getActivityId());
        } catch (IllegalStateException | NullPointerException e) {
            return Optional.empty(); // not in an activity
        }
    }

    /** Puts the current mark on an object about to be created. */
    static void mark(HasMetadata desired) {
        current().ifPresent(mark -> {
            Map<String, String> annotations = desired.getMetadata().getAnnotations() == null
                    ? new HashMap<>() : new HashMap<>(desired.getMetadata().getAnnotations());
            annotations.put(ANNOTATION, mark);
            desired.getMetadata().setAnnotations(annotations);
        });
    }

    /** Whether an existing object was created by an earlier attempt of the running activity. */
    static boolean isOurs(HasMetadata existing) {
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        return annotations != null && current().map(m -> m.equals(annotations.get(ANNOTATION))).orElse(false);
    }
}
