package dev.velatemporal.cli;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import java.util.function.Predicate;
import picocli.CommandLine.Command;

/** {@code starter resume APP}: ends the suspend step the Application waits at. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Approve: end the suspend step the Application is waiting at, so its rollout goes on.",
                "Same as: temporal workflow signal --workflow-id NAMESPACE.APP --name resume"},
        footer = {"", "Exit codes: 0 sent (with --wait: the generation then succeeded or suspended again); 1 nothing"
                + " suspended, no such application, or cannot reach Temporal."})
final class ResumeCommand extends SignalCommand {

    @Override
    String signal() {
        return "resume";
    }

    @Override
    void checkApplies(ApplicationStatus status) {
        if (status.phase() != GenerationPhase.SUSPENDED) {
            throw new CommandFailure(ExitCodes.OPERATIONAL, "nothing suspended to resume: " + status.application()
                    + " generation " + status.generation() + " " + Phases.sentence(status.phase())
                    + (status.currentStep().isEmpty() ? "" : " at step " + status.currentStep())
                    + "; see bin/starter status " + status.application() + Outcome.namespaceFlag(status.namespace()));
        }
    }

    @Override
    Predicate<ApplicationStatus> takenEffect(ApplicationStatus before) {
        return s -> s.generation() != before.generation() || s.phase().isFinished()
                || (s.phase() == GenerationPhase.SUSPENDED && !s.currentStep().equals(before.currentStep()));
    }
}
