package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import java.util.function.Predicate;
import picocli.CommandLine.Command;

/** {@code starter delete APP}: deletes everything the Application created; its workflow then completes. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Delete everything the Application created (traffic, Services, workloads); its workflow then"
                + " completes.",
        footer = {"", "Exit codes: 0 deleting (with --wait: deleted); 1 already deleted or being deleted, no such"
                + " application, or cannot reach Temporal."})
final class DeleteCommand extends SignalCommand {

    @Override
    String signal() {
        return "delete";
    }

    @Override
    String nextStep(ApplicationRef ref, String reason) {
        return "";
    }

    @Override
    Predicate<ApplicationStatus> takenEffect(ApplicationStatus before) {
        return s -> s.phase() == GenerationPhase.DELETED;
    }
}
