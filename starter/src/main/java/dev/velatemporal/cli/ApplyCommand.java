package dev.velatemporal.cli;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.client.RemoteFailure;
import dev.velatemporal.client.StatusFollower;
import dev.velatemporal.client.UpdateRejected;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.model.Application;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.UpdateAnswer;
import dev.velatemporal.yaml.LoadResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starter apply -f FILE}: validates, then Update-with-Start of each Application's {@code apply} update, which
 * answers the generation the spec runs as; the workflow's validator refuses a spec that does not fit its revision
 * history, and nothing is applied. Nothing is sent for a file with a problem. When no worker polls, signal-with-start
 * of the {@code apply} signal instead: Temporal keeps it for a worker.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deliver the Applications in a file: validate them, then start (or update) the workflow of"
                + " each with a new generation (Update-with-Start of its apply update, which answers the generation).",
                "An unchanged spec is reported and not sent again, unless --force."},
        footer = {"", "Ctrl-C during --wait stops waiting; the rollout goes on.",
                "Exit codes: 0 applied (with --wait: succeeded, or suspended waiting for resume); 1 cannot"
                + " reach Temporal, or (with --wait) the generation failed or was rolled back, or no worker runs"
                + " it; 2 invalid file, or a spec the workflow refused (nothing was applied); 130 interrupted."})
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

    @Override
    public Integer call() {
        GlobalOptions globals = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        LoadResult loaded = file.load(System.in, spec.commandLine().getErr());
        if (!loaded.isValid()) {
            return ExitCodes.INVALID;
        }
        try (TemporalConnection connection = globals.open()) {
            ApplicationClient client = globals.client(connection);
            if (wait) {
                client.patience(timeout); // a busy worker (a cold one's first task) may hold a query that long
            }
            // Nothing polls: the spec can still be signalled (Temporal keeps it for a worker), but no worker can
            // answer the update, nor run the rollout a --wait would wait for.
            boolean nobody = client.pollers().none();
            if (nobody && !wait) {
                warn(client.nothingPolls() + ": the rollout starts once one does (bin/worker, or the dev stack:"
                        + " bin/worker --dev)");
            }
            int worst = ExitCodes.OK;
            List<ApplicationRef> unattended = new ArrayList<>();
            for (Application application : loaded.applications()) {
                if (nobody) {
                    // No answer to get: a new workflow's first generation is known, a running one's next is not.
                    ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
                    unattended.add(send(client, application,
                            client.runningExecution(ref).isEmpty() ? Optional.of(0) : Optional.empty(), out));
                } else {
                    worst = Math.max(worst, apply(client, application, out));
                }
            }
            if (nobody && wait) {
                throw new RemoteFailure(unattended.stream().map(ApplicationRef::toString)
                        .collect(Collectors.joining(", ")) + (unattended.size() == 1 ? " was" : " were")
                        + " applied, but no worker polls task queue " + client.taskQueue() + " to run "
                        + (unattended.size() == 1 ? "it" : "them") + ": " + ApplicationClient.START_A_WORKER
                        + ", then follow it with bin/starter watch " + unattended.get(0).name()
                        + Outcome.namespaceFlag(unattended.get(0).namespace()));
            }
            return worst;
        }
    }

    private int apply(ApplicationClient client, Application application, PrintWriter out) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        UpdateAnswer answer;
        try {
            answer = client.applyUpdate(application, force);
        } catch (UpdateRejected e) {
            if (!e.problems().isEmpty()) {
                new HistoryRefusal(file, application, e.problems()).print(spec.commandLine().getErr());
                return ExitCodes.INVALID;
            }
            throw new CommandFailure(ExitCodes.OPERATIONAL, ref.name() + ": " + e.getMessage());
        }
        if (!answer.changed()) {
            out.printf("%s: %s%n", ref, answer.message().replace("(force runs", "(--force runs"));
            out.flush();
            return ExitCodes.OK;
        }
        int before = answer.generation() - 1;
        announce(ref, Optional.of(before), out);
        if (!wait) {
            out.printf("  follow it: bin/starter watch %s%s%n", ref.name(), Outcome.namespaceFlag(ref.namespace()));
            out.flush();
            return ExitCodes.OK;
        }
        // Applied: from here on the rollout goes on whatever becomes of this command, and Ctrl-C says so.
        ProgressLines progress = new ProgressLines(out);
        ApplicationStatus status = InterruptNotice.whileFollowing(spec.commandLine().getErr(), ref,
                () -> new StatusFollower(client, ref).follow(
                        s -> s.generation() > before && s.phase() != GenerationPhase.RUNNING
                                && s.phase() != GenerationPhase.PENDING,
                        s -> {
                            if (s.generation() > before) {
                                progress.print(s);
                            }
                        },
                        timeout));
        out.println();
        out.print(StatusView.render(status, false));
        out.println(Outcome.nextStep(status));
        out.flush();
        return Outcome.exitCode(status);
    }

    /**
     * Signals the apply (no worker polls to answer the update) and says so; without {@code --wait}, also how to
     * follow it.
     *
     * @param before the latest generation, when known
     */
    private ApplicationRef send(ApplicationClient client, Application application, Optional<Integer> before,
            PrintWriter out) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        client.apply(application, force);
        announce(ref, before, out);
        if (!wait) {
            out.printf("  follow it: bin/starter watch %s%s%n", ref.name(), Outcome.namespaceFlag(ref.namespace()));
            out.flush();
        }
        return ref;
    }

    private static void announce(ApplicationRef ref, Optional<Integer> before, PrintWriter out) {
        out.printf("%s: applied as %s of workflow %s%n", ref,
                before.map(n -> "generation " + (n + 1)).orElse("its next generation"), ref.workflowId());
        out.flush();
    }

    private void warn(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warning: " + line);
        err.flush();
    }
}
