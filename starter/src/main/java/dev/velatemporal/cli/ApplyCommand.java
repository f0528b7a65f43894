package dev.velatemporal.cli;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.cli.view.StatusView;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.client.RemoteFailure;
import dev.velatemporal.client.StatusFollower;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.model.Application;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplyCheck;
import dev.velatemporal.workflow.GenerationPhase;
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
 * {@code starter apply -f FILE}: validates, asks each Application's workflow whether the spec fits its revision
 * history, then signal-with-start of {@code apply}. Nothing is sent for a file with a problem.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deliver the Applications in a file: validate them, then start (or update) the workflow of"
                + " each with a new generation.",
                "An unchanged spec is reported and not sent again, unless --force."},
        footer = {"", "Ctrl-C during --wait stops waiting; the rollout goes on.",
                "Exit codes: 0 applied (with --wait: succeeded, or suspended waiting for resume); 1 cannot"
                + " reach Temporal, or (with --wait) the generation failed or was rolled back, or no worker runs"
                + " it; 2 invalid file or spec (nothing was started); 130 interrupted."})
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
            // Nothing polls: the spec can still be sent (Temporal keeps it for a worker), but no worker can
            // answer the check, nor run the rollout a --wait would wait for.
            boolean nobody = client.pollers().none();
            if (nobody && !wait) {
                warn(client.nothingPolls() + ": the rollout starts once one does (bin/worker, or the dev stack:"
                        + " bin/worker --dev)");
            }
            int worst = ExitCodes.OK;
            List<ApplicationRef> unattended = new ArrayList<>();
            for (Application application : loaded.applications()) {
                if (nobody) {
                    // No check to ask: a new workflow's first generation is known, a running one's next is not.
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
        Optional<ApplyCheck> check = client.check(application);
        if (check.isPresent() && !check.get().problems().isEmpty()) {
            new HistoryRefusal(file, application, check.get().problems()).print(spec.commandLine().getErr());
            return ExitCodes.INVALID;
        }
        if (check.isPresent() && check.get().unchanged() && !force) {
            out.printf("%s: unchanged since generation %d; nothing to do (--force runs it again)%n", ref,
                    check.get().generation());
            out.flush();
            return ExitCodes.OK;
        }
        int before = check.map(ApplyCheck::generation).orElse(0);
        if (!wait) {
            send(client, application, Optional.of(before), out);
            return ExitCodes.OK;
        }
        client.apply(application, force);
        // Sent: from here on the rollout goes on whatever becomes of this command, and Ctrl-C says so.
        ProgressLines progress = new ProgressLines(out);
        ApplicationStatus status = InterruptNotice.whileFollowing(spec.commandLine().getErr(), ref, () -> {
            announce(ref, Optional.of(before), out);
            return new StatusFollower(client, ref).follow(
                    s -> s.generation() > before && s.phase() != GenerationPhase.RUNNING
                            && s.phase() != GenerationPhase.PENDING,
                    s -> {
                        if (s.generation() > before) {
                            progress.print(s);
                        }
                    },
                    timeout);
        });
        out.println();
        out.print(StatusView.render(status, false));
        out.println(Outcome.nextStep(status));
        out.flush();
        return Outcome.exitCode(status);
    }

    /**
     * Sends the apply and says so; without {@code --wait}, also how to follow it.
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
