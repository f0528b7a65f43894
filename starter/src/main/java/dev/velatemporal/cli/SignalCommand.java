package dev.velatemporal.cli;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.client.StatusFollower;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.ApplicationStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The commands that send one of the payload-free signals ({@code resume}, {@code rollback}, {@code delete}):
 * check that the signal means something now, send it, and with {@code --wait} follow until it has taken effect.
 */
abstract class SignalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Option(names = "--wait", description = "Return when the signal has taken effect, printing the status.")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "15m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --wait: give up waiting after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The signal's name, as {@code temporal workflow signal --name} takes it. */
    abstract String signal();

    /** Throws a {@link CommandFailure} when the signal would change nothing now. */
    abstract void checkApplies(ApplicationStatus status);

    /** When the signal has taken effect, given the status before it was sent. */
    abstract Predicate<ApplicationStatus> takenEffect(ApplicationStatus before);

    @Override
    public Integer call() {
        GlobalOptions globals = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (TemporalConnection connection = globals.open()) {
            ApplicationClient client = globals.client(connection);
            if (wait) {
                client.patience(timeout);
            }
            ApplicationRef ref = app.ref();
            ApplicationStatus before = client.status(ref);
            checkApplies(before);
            client.signal(ref, signal());
            if (!wait) {
                announce(ref, before, out);
                out.printf("  follow it: bin/starter watch %s%s%n", ref.name(), Outcome.namespaceFlag(ref.namespace()));
                out.flush();
                return ExitCodes.OK;
            }
            // Sent: from here on the workflow acts on it whatever becomes of this command, and Ctrl-C says so.
            ProgressLines progress = new ProgressLines(out);
            ApplicationStatus after = InterruptNotice.whileFollowing(spec.commandLine().getErr(), ref, () -> {
                announce(ref, before, out);
                return new StatusFollower(client, ref).follow(takenEffect(before), progress::print, timeout);
            });
            out.println();
            out.print(StatusView.render(after, false));
            out.println(Outcome.nextStep(after));
            out.flush();
            return expectedOutcome(after);
        }
    }

    private void announce(ApplicationRef ref, ApplicationStatus before, PrintWriter out) {
        out.printf("%s: %s sent to workflow %s%s%n", ref, signal(), ref.workflowId(),
                before.currentStep().isEmpty() ? "" : " at step " + before.currentStep());
        out.flush();
    }

    /** The exit code of {@code --wait}: by default, that of the settled generation. */
    int expectedOutcome(ApplicationStatus after) {
        return Outcome.exitCode(after);
    }
}
