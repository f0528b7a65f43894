package dev.velatemporal.client;

import dev.velatemporal.workflow.UpdateAnswer;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.List;

/**
 * The workflow rejected an update (its validator found it means nothing now, or the spec has problems) or failed
 * it: nothing happened. The message is the workflow's one-line reason.
 */
public final class UpdateRejected extends RuntimeException {

    private final List<String> problems;

    UpdateRejected(String reason, List<String> problems) {
        super(reason);
        this.problems = List.copyOf(problems);
    }

    /** Each problem of a refused spec as {@code path: message}; empty for any other rejection. */
    public List<String> problems() {
        return problems;
    }

    static UpdateRejected of(WorkflowUpdateException e) {
        String message = e.getCause() instanceof ApplicationFailure failure ? failure.getOriginalMessage()
                : e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        message = message == null ? "rejected" : message;
        // The problems follow the first line (the SDK keeps a validator's message, not its failure details).
        if (message.startsWith(UpdateAnswer.INVALID_PREFIX) && message.contains("\n")) {
            List<String> lines = Arrays.asList(message.split("\n"));
            return new UpdateRejected(lines.get(0), lines.subList(1, lines.size()));
        }
        return new UpdateRejected(message.lines().findFirst().orElse(message), List.of());
    }
}
