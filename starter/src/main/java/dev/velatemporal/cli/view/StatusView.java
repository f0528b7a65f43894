package dev.velatemporal.cli.view;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StatusEvent;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import java.util.List;

/**
 * The status document as a person reads it: the generation and its phase, the steps, and per rollout component
 * each revision's ready and desired replicas and its share of the traffic. With {@code bars}, each revision also
 * gets a bar of its ready replicas against the component's total, which is how far its batches have got.
 */
public final class StatusView {

    private static final int EVENTS_SHOWN = 3;

    private StatusView() {}

    public static String render(ApplicationStatus status, boolean bars) {
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
                steps.row(step.name(), step.type(), step.phase().value(), step.message());
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
            int total = component.revisions().stream().mapToInt(RevisionStatus::replicas).sum();
            boolean first = true;
            for (RevisionStatus revision : component.revisions()) {
                String name = first ? component.name() : "";
                String ready = revision.readyReplicas() + "/" + revision.replicas();
                String weight = revision.weight() + "%";
                String role = role(component, revision.name());
                if (bars) {
                    table.row(name, revision.name(), role, ready, weight,
                            ProgressBar.of(revision.readyReplicas(), total), revision.image());
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

    private static String role(ComponentStatus component, String revision) {
        boolean stable = revision.equals(component.stableRevision());
        boolean target = revision.equals(component.targetRevision());
        if (stable && target) {
            return "stable";
        }
        return stable ? "stable" : target ? "target" : "";
    }
}
