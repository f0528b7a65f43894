package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import java.util.function.Predicate;
import picocli.CommandLine.Command;

/** {@code starter rollback APP}: aborts the running or suspended generation and undoes it. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Abort the running or suspended generation and undo its changes: replicas, subsets and"
                + " weights as they were before it began, what it created deleted.",
                "To go back after a generation finished, apply the spec of the revision you want instead."},
        footer = {"", "Exit codes: 0 rolling back (with --wait: rolled back); 1 nothing running or suspended, no such"
                + " application, or cannot reach Temporal."})
final class RollbackCommand extends SignalCommand {

    @Override
    String signal() {
        return "rollback";
    }

    @Override
    String nextStep(ApplicationRef ref, String reason) {
        return reason.startsWith("no generation is running")
                ? "; rollback only undoes a running or suspended generation: to go back to an earlier revision,"
                        + " apply the spec that had it (bin/starter apply -f FILE)"
                : "";
    }

    @Override
    Predicate<ApplicationStatus> takenEffect(ApplicationStatus before) {
        return s -> s.phase().isFinished();
    }

    @Override
    int expectedOutcome(ApplicationStatus after) {
        return after.phase() == GenerationPhase.ROLLED_BACK ? ExitCodes.OK : ExitCodes.OPERATIONAL;
    }
}
