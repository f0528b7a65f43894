package dev.velatemporal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.ApplicationStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starter status APP}: the status document, as a table or as the JSON of SPEC section 3. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show an Application's generation, phase, steps and, per rollout component, each revision's"
                + " ready replicas and traffic weight.",
        footer = {"", "Exit codes: 0 shown; 1 cannot reach Temporal, no such application, or no worker answering."})
final class StatusCommand implements Callable<Integer> {

    enum Format { table, json }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table (default) or json (the status document, field names as in the SPEC).")
    Format format;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (TemporalConnection connection = remote.open()) {
            ApplicationStatus status = remote.client(connection).liveStatus(app.ref());
            out.print(format == Format.json ? json(status) + "\n" : StatusView.render(status, false));
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String json(ApplicationStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status document cannot be written as JSON", e);
        }
    }
}
