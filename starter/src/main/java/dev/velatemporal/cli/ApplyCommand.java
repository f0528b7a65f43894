package dev.velatemporal.cli;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.client.StatusFollower;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.model.Application;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplyCheck;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.yaml.LoadResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starter apply -f FILE}: validates, asks each Application's workflow whether the spec fits its revision
 * history, then signal-with-start of {@code apply}. Nothing is sent for a file with a problem.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deliver the Applications in a file: validate them, then start (or update) the workflow of"
                + " each with a new generation.",
                "An unchanged spec is reported and not sent again, unless --force."},
        footer = {"", "Exit codes: 0 applied (with --wait: succeeded, or suspended waiting for resume); 1 cannot"
                + " reach Temporal, or (with --wait) the generation failed or was rolled back; 2 invalid file or"
                + " spec (nothing was started)."})
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationFile file;

    @Option(names = "--wait", description = "Return when the generation is suspended or finished, printing its"
            + " progress.")
    boolean wait;

    @Option(names = "--force", description = "Run a new generation even if the spec is unchanged (a retry after a"
            + " failure or a rollback).")
    boolean force;

    @Option(names = "--timeout", defaultValue = "15m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --wait: give up waiting after this long (default: ${DEFAULT-VALUE}); the rollout"
                    + " goes on.")
    Duration timeout;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadResult loaded = file.load(System.in, spec.commandLine().getErr());
        if (!loaded.isValid()) {
            return ExitCodes.INVALID;
        }
        try (TemporalConnection connection = remote.open()) {
            ApplicationClient client = remote.client(connection);
            int worst = ExitCodes.OK;
            for (Application application : loaded.applications()) {
                worst = Math.max(worst, apply(client, application, out));
            }
            return worst;
        }
    }

    private int apply(ApplicationClient client, Application application, PrintWriter out) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        Optional<ApplyCheck> check = client.check(application);
        if (check.isPresent() && !check.get().problems().isEmpty()) {
            for (String problem : check.get().problems()) {
                spec.commandLine().getErr().println(file.displayName() + ": " + application.name() + ": " + problem);
            }
            spec.commandLine().getErr().println(file.displayName() + ": " + application.name()
                    + " does not fit its revision history; nothing was applied");
            spec.commandLine().getErr().flush();
            return ExitCodes.INVALID;
        }
        int before = check.map(ApplyCheck::generation).orElse(0);
        if (check.isPresent() && check.get().unchanged() && !force) {
            out.printf("%s: unchanged since generation %d; nothing to do (--force runs it again)%n", ref, before);
            out.flush();
            return ExitCodes.OK;
        }
        client.apply(application, force);
        out.printf("%s: applied as generation %d of workflow %s%n", ref, before + 1, ref.workflowId());
        if (!wait) {
            out.printf("  follow it: bin/starter watch %s%s%n", ref.name(), namespaceFlag(ref));
            out.flush();
            return ExitCodes.OK;
        }
        out.flush();
        ProgressLines progress = new ProgressLines(out);
        ApplicationStatus status = new StatusFollower(client, ref).follow(
                s -> s.generation() > before && s.phase() != GenerationPhase.RUNNING
                        && s.phase() != GenerationPhase.PENDING,
                s -> {
                    if (s.generation() > before) {
                        progress.print(s);
                    }
                },
                timeout);
        out.println();
        out.print(StatusView.render(status, false));
        out.println(Outcome.nextStep(status));
        out.flush();
        return Outcome.exitCode(status);
    }

    static String namespaceFlag(ApplicationRef ref) {
        return ref.namespace().equals("default") ? "" : " -n " + ref.namespace();
    }
}
