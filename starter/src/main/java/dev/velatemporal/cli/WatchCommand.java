package dev.velatemporal.cli;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.StatusFollower;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starter watch APP}: the status, redrawn each time the workflow records a change, until the generation
 * is suspended or finished. On a terminal the screen is redrawn in place; otherwise each change is printed below
 * the last, so a CI log shows the whole rollout.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Follow an Application's rollout live, with a progress bar per revision, until it is"
                + " suspended or finished.",
        footer = {"", "Ctrl-C stops watching; the rollout goes on.",
                "Exit codes: 0 succeeded, suspended or deleted; 1 failed, rolled back, or cannot follow it; 130"
                        + " interrupted."})
final class WatchCommand implements Callable<Integer> {

    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Option(names = "--timeout", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop watching after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        GlobalOptions globals = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        try (TemporalConnection connection = globals.open()) {
            ApplicationClient client = globals.client(connection).patience(timeout);
            ApplicationStatus status = InterruptNotice.whileFollowing(spec.commandLine().getErr(), app.ref(),
                    () -> new StatusFollower(client, app.ref()).follow(
                            s -> s.phase() != GenerationPhase.RUNNING,
                            s -> {
                                out.print(terminal ? CLEAR_SCREEN : "\n");
                                out.print(StatusView.render(s, true));
                                out.flush();
                            },
                            timeout));
            out.println(Outcome.nextStep(status));
            out.flush();
            return Outcome.exitCode(status) == ExitCodes.OK ? ExitCodes.OK : ExitCodes.OPERATIONAL;
        }
    }
}
