package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.StatusEvent;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Command;

/** {@code starter reconcile APP}: repairs drift now, instead of at the worker's next reconcile interval. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Repair drift now: put back what was changed by hand since the last successful generation (a"
                + " deleted Deployment or Service, a scaled Deployment, an edited route or subset). Workers also"
                + " do it every --reconcile-interval (default 5m) while the Application is idle.",
                "Each repair shows as an event in bin/starter status.",
                "Same as: temporal workflow update execute --workflow-id NAMESPACE.APP --name reconcile"
                        + " (or workflow signal, which answers nothing)"},
        footer = {"", "Exit codes: 0 sent (with --wait: checked, and what drifted repaired); 1 a generation is"
                + " running or suspended, the Application was deleted, no such application, or cannot reach"
                + " Temporal."})
final class ReconcileCommand extends SignalCommand {

    @Override
    String signal() {
        return "reconcile";
    }

    @Override
    String nextStep(ApplicationRef ref, String reason) {
        return "; see bin/starter status " + ref.name() + Outcome.namespaceFlag(ref.namespace());
    }

    /** The workflow's answer: its latest event is a new one saying what the reconcile did. */
    @Override
    Predicate<ApplicationStatus> takenEffect(ApplicationStatus before) {
        StatusEvent last = last(before);
        return s -> {
            StatusEvent now = last(s);
            return now != null && !now.equals(last) && now.message().startsWith("reconcile");
        };
    }

    @Override
    int expectedOutcome(ApplicationStatus after) {
        StatusEvent last = last(after);
        boolean refused = last != null && (last.message().startsWith("reconcile ignored")
                || last.message().startsWith("reconcile failed"));
        return refused ? ExitCodes.OPERATIONAL : ExitCodes.OK;
    }

    private static StatusEvent last(ApplicationStatus status) {
        List<StatusEvent> events = status.events();
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }
}
