package dev.velatemporal.worker.workflow;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;

/**
 * The status document as the small markdown the Temporal UI shows as the workflow's current details: the phase,
 * a table of steps, and a table of revisions with their ready pods and weights.
 */
final class StatusMarkdown {

    private StatusMarkdown() {}

    static String render(ApplicationStatus status) {
        StringBuilder text = new StringBuilder();
        text.append("**").append(status.application()).append("** (").append(status.namespace()).append(")");
        if (status.generation() > 0) {
            text.append(", generation ").append(status.generation());
        }
        text.append(": **").append(status.phase().value()).append("**");
        if (!status.message().isEmpty()) {
            text.append(" — ").append(cell(status.message()));
        }
        text.append('\n');
        if (!status.steps().isEmpty()) {
            text.append("\n| step | type | phase | message |\n|---|---|---|---|\n");
            for (StepStatus step : status.steps()) {
                text.append("| ").append(step.name()).append(" | ").append(step.type()).append(" | ")
                        .append(step.phase().value()).append(" | ").append(cell(message(step))).append(" |\n");
            }
        }
        for (ComponentStatus component : status.components()) {
            text.append("\n| ").append(component.name()).append(" | ready | weight |\n|---|---|---|\n");
            for (RevisionStatus revision : component.revisions()) {
                String role = revision.name().equals(component.stableRevision()) ? " (stable)"
                        : revision.name().equals(component.targetRevision()) ? " (target)" : "";
                text.append("| ").append(revision.name()).append(role).append(" | ")
                        .append(revision.readyReplicas()).append('/').append(revision.replicas()).append(" | ")
                        .append(revision.weight()).append("% |\n");
            }
        }
        return text.toString();
    }

    /** The step's message, and until when it waits: the UI shows the details as they were written. */
    private static String message(StepStatus step) {
        String message = step.message();
        if (!step.progressDeadline().isEmpty()) {
            message += (message.isEmpty() ? "" : " ") + "(progress deadline " + step.progressDeadline() + ")";
        }
        if (!step.resumesAt().isEmpty()) {
            message += (message.isEmpty() ? "" : " ") + "(resumes by itself at " + step.resumesAt() + ")";
        }
        return message;
    }

    /** Table cells cannot hold pipes or line breaks. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }
}
