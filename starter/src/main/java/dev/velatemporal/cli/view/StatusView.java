package dev.velatemporal.cli.view;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StatusEvent;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The status document as a person reads it: the generation and its phase, the steps (a step that waits says how
 * long is left: the progress deadline of its readiness wait, or when a timed suspend resumes by itself), and per
 * rollout component each revision's ready and desired replicas and its share of the traffic. With {@code bars},
 * each revision also gets a bar of its ready replicas against its own desired replicas: how far it is from its
 * goal (the target's batch, or what the old revision shrinks to), not its share of the component.
 */
public final class StatusView {

    private static final int EVENTS_SHOWN = 3;

    private StatusView() {}

    public static String render(ApplicationStatus status, boolean bars) {
        return render(status, bars, Instant.now());
    }

    /** @param now the reader's clock, to say how long is left until a step's deadline */
    public static String render(ApplicationStatus status, boolean bars, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append(status.application()).append(" (namespace ").append(status.namespace()).append(")  workflow ")
                .append(status.workflowId()).append("  generation ").append(status.generation()).append('\n');
        out.append("phase: ").append(status.phase().value());
        if (!status.message().isEmpty()) {
            out.append(" - ").append(status.message());
        }
        out.append('\n');
        if (!status.steps().isEmpty()) {
            out.append('\n');
            TextTable steps = new TextTable("STEP", "TYPE", "PHASE", "MESSAGE");
            for (StepStatus step : status.steps()) {
                steps.row(step.name(), step.type(), step.phase().value(), message(step, now));
            }
            steps.appendTo(out);
        }
        if (!status.components().isEmpty()) {
            out.append('\n');
            appendComponents(out, status.components(), bars);
        }
        List<StatusEvent> events = status.events();
        if (!events.isEmpty()) {
            out.append('\n').append("events:\n");
            for (StatusEvent event : events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size())) {
                out.append("  ").append(event.at()).append("  ").append(event.message()).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendComponents(StringBuilder out, List<ComponentStatus> components, boolean bars) {
        TextTable table = bars
                ? new TextTable("COMPONENT", "REVISION", "ROLE", "READY", "WEIGHT", "PROGRESS", "IMAGE")
                : new TextTable("COMPONENT", "REVISION", "ROLE", "READY", "WEIGHT", "IMAGE");
        for (ComponentStatus component : components) {
            boolean first = true;
            for (RevisionStatus revision : component.revisions()) {
                String name = first ? component.name() : "";
                String ready = revision.readyReplicas() + "/" + revision.replicas();
                String weight = revision.weight() + "%";
                String role = role(component, revision.name());
                if (bars) {
                    table.row(name, revision.name(), role, ready, weight,
                            ProgressBar.of(revision.readyReplicas(), revision.replicas()), revision.image());
                } else {
                    table.row(name, revision.name(), role, ready, weight, revision.image());
                }
                first = false;
            }
            if (component.revisions().isEmpty()) {
                table.row(component.name(), "-");
            }
        }
        table.appendTo(out);
    }

    /**
     * The step's message, then until when it waits: {@code progress deadline in 9m58s (2025-06-01T12:10:03Z)},
     * {@code resumes by itself in 29m58s (...)}. The document holds the instants (workflow time); how long is left
     * is counted here, against the reader's clock.
     */
    static String message(StepStatus step, Instant now) {
        String message = step.message();
        if (!step.progressDeadline().isEmpty()) {
            message = append(message, until("progress deadline", step.progressDeadline(), now));
        }
        if (!step.resumesAt().isEmpty()) {
            message = append(message, until("resumes by itself", step.resumesAt(), now));
        }
        return message;
    }

    private static String append(String message, String more) {
        return message.isEmpty() ? more : message + "; " + more;
    }

    private static String until(String what, String at, Instant now) {
        Instant when;
        try {
            when = Instant.parse(at);
        } catch (DateTimeParseException e) {
            return what + " " + at;
        }
        Duration left = Duration.between(now, when);
        if (left.isNegative()) {
            return what + " passed (" + at + ")";
        }
        return what + " in " + shortDuration(left) + " (" + at + ")";
    }

    /** {@code 45s}, {@code 9m58s}, {@code 1h30m}: whole seconds, as the Go durations of the spec are written. */
    public static String shortDuration(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000; // a deadline 0.4 s away is "in 1s", not "in 0s"
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (secs > 0 ? secs + "s" : "");
        }
        return secs + "s";
    }

    private static String role(ComponentStatus component, String revision) {
        boolean stable = revision.equals(component.stableRevision());
        boolean target = revision.equals(component.targetRevision());
        if (stable && target) {
            return "stable";
        }
        return stable ? "stable" : target ? "target" : "";
    }
}
