package dev.velatemporal.cli;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import java.io.PrintWriter;

/** One line per change of phase, step or step message: the log of a rollout as {@code apply --wait} shows it. */
final class ProgressLines {

    private final PrintWriter out;
    private String last = "";

    ProgressLines(PrintWriter out) {
        this.out = out;
    }

    void print(ApplicationStatus status) {
        String line = line(status);
        if (!line.equals(last)) {
            out.println("  " + line);
            out.flush();
            last = line;
        }
    }

    private static String line(ApplicationStatus status) {
        StringBuilder line = new StringBuilder("generation " + status.generation() + " "
                + Phases.word(status.phase()));
        String step = status.currentStep();
        if (!step.isEmpty()) {
            line.append(", step ").append(step);
            status.steps().stream().filter(s -> s.name().equals(step)).map(StepStatus::message)
                    .filter(m -> !m.isEmpty()).findFirst().ifPresent(m -> line.append(": ").append(m));
        } else if (!status.message().isEmpty() && !line.toString().equals(status.message())) {
            // "generation 1 succeeded" is the whole message of a success: not worth saying twice.
            line.append(": ").append(status.message());
        }
        return line.toString();
    }
}
