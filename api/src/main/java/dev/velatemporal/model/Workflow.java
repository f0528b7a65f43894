package dev.velatemporal.model;

import java.util.List;

/** {@code spec.workflow}: the steps of every generation, run in order. */
public record Workflow(List<WorkflowStep> steps) {

    public Workflow {
        steps = List.copyOf(steps);
    }
}
