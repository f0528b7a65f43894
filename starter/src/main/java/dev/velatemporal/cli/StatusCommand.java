package dev.velatemporal.cli;

import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.ApplicationStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code starter status APP}: the status document, as a table or as the JSON (or YAML) of docs/behaviour.md §3. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show an Application's generation, phase, steps and, per rollout component, each revision's"
                + " ready replicas and traffic weight.",
        footer = {"", "Exit codes: 0 shown; 1 cannot reach Temporal, no such application, or no worker answering."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Override
    public Integer call() {
        GlobalOptions globals = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (TemporalConnection connection = globals.open()) {
            // Live: the ready counts of a wait in progress come from its latest heartbeat.
            ApplicationStatus status = globals.client(connection).liveStatus(app.ref());
            // -o json|yaml: the status document, field names as in docs/behaviour.md section 3.
            out.print(globals.output == GlobalOptions.Output.table ? StatusView.render(status, false)
                    : Documents.write(status, globals.output));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
