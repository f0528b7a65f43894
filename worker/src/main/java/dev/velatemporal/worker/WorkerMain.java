package dev.velatemporal.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/worker}: the process that runs Application workflows and their activities.
 *
 * <p>The workflow ({@code ApplicationWorkflowImpl}) and its activities are built and tested in-process; connecting
 * them to a Temporal server and a cluster (connection settings, the dev stack) comes next. Until then this says so
 * plainly instead of pretending to serve a task queue.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        version = "vela-temporal worker (development build)",
        description = "Runs Application workflows and their activities against Temporal and Kubernetes.",
        footer = {"", "This build does not connect to Temporal yet: use bin/starter validate and dry-run to check"
                + " and preview Applications."})
public final class WorkerMain implements Callable<Integer> {

    static final int NOT_AVAILABLE = 1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("worker: this build cannot connect to Temporal and Kubernetes yet; nothing was started.");
        System.err.println("Next: check and preview Applications offline with bin/starter validate -f FILE and"
                + " bin/starter dry-run -f FILE.");
        return NOT_AVAILABLE;
    }
}
