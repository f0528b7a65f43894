package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import java.util.function.Predicate;
import picocli.CommandLine.Command;

/** {@code starter resume APP}: ends the suspend step the Application waits at. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Approve: end the suspend step the Application is waiting at, so its rollout goes on.",
                "Same as: temporal workflow update execute --workflow-id NAMESPACE.APP --name resume"
                        + " (or workflow signal, which answers nothing)"},
        footer = {"", "Exit codes: 0 resumed (with --wait: the generation then succeeded or suspended again); 1"
                + " nothing suspended, no such application, or cannot reach Temporal."})
final class ResumeCommand extends SignalCommand {

    @Override
    String signal() {
        return "resume";
    }

    @Override
    String nextStep(ApplicationRef ref, String reason) {
        return "; see bin/starter status " + ref.name() + Outcome.namespaceFlag(ref.namespace());
    }

    @Override
    Predicate<ApplicationStatus> takenEffect(ApplicationStatus before) {
        return s -> s.generation() != before.generation() || s.phase().isFinished()
                || (s.phase() == GenerationPhase.SUSPENDED && !s.currentStep().equals(before.currentStep()));
    }
}
