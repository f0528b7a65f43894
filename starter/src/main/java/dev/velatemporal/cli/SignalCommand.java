package dev.velatemporal.cli;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.client.StatusFollower;
import dev.velatemporal.client.UpdateRejected;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.UpdateAnswer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The commands that send one of the payload-free updates ({@code resume}, {@code rollback}, {@code delete}): ask
 * the status (a worker is there to answer, and where the generation is), send the update, print its answer, and with
 * {@code --wait} follow until it has taken effect. The workflow's validator decides whether the update means
 * something now; its reason for not is the command's one-line error. The signals of the same names still exist for
 * {@code temporal workflow signal}.
 */
abstract class SignalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Option(names = "--wait", description = "Return when the update has taken effect, printing the status.")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "15m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --wait: give up waiting after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The update's name, as {@code temporal workflow update execute --name} (and the signal's) takes it. */
    abstract String signal();

    /** What to do next after the workflow rejected the update for {@code reason}: {@code "; see ..."}, or empty. */
    abstract String nextStep(ApplicationRef ref, String reason);

    /** When the update has taken effect, given the status before it was sent. */
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
            // Asked first: no worker to answer is said within seconds, and --wait knows where it started from.
            ApplicationStatus before = client.status(ref);
            UpdateAnswer answer;
            try {
                answer = client.update(ref, signal());
            } catch (UpdateRejected e) {
                throw new CommandFailure(ExitCodes.OPERATIONAL, refusal(ref, e.getMessage()));
            }
            out.printf("%s: %s%n", ref, answer.message());
            out.flush();
            if (!wait) {
                out.printf("  follow it: bin/starter watch %s%s%n", ref.name(), Outcome.namespaceFlag(ref.namespace()));
                out.flush();
                return ExitCodes.OK;
            }
            // Done: from here on the workflow acts on it whatever becomes of this command, and Ctrl-C says so.
            ProgressLines progress = new ProgressLines(out);
            ApplicationStatus after = InterruptNotice.whileFollowing(spec.commandLine().getErr(), ref,
                    () -> new StatusFollower(client, ref).follow(takenEffect(before), progress::print, timeout));
            out.println();
            out.print(StatusView.render(after, false));
            out.println(Outcome.nextStep(after));
            out.flush();
            return expectedOutcome(after);
        }
    }

    /** The one line of a rejected update: {@code book-info: nothing is suspended (generation 2 succeeded); see ...}. */
    String refusal(ApplicationRef ref, String reason) {
        return ref.name() + ": " + reason + nextStep(ref, reason);
    }

    /** The exit code of {@code --wait}: by default, that of the settled generation. */
    int expectedOutcome(ApplicationStatus after) {
        return Outcome.exitCode(after);
    }
}
