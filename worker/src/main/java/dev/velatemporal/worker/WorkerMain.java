package dev.velatemporal.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/worker}: the process that runs Application workflows and their activities.
 *
 * <p>This build has the launcher only: the workflow and the connection to Temporal and Kubernetes arrive with the
 * durable rollout workflow. Until then it says so plainly instead of pretending to serve a task queue.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        version = "vela-temporal worker (development build)",
        description = "Runs Application workflows and their activities against Temporal and Kubernetes.",
        footer = {"", "This build does not run workflows yet: use bin/starter validate and dry-run to check and"
                + " preview Applications."})
public final class WorkerMain implements Callable<Integer> {

    static final int NOT_AVAILABLE = 1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("worker: this build has no workflow to run yet; nothing was started.");
        System.err.println("Next: check and preview Applications offline with bin/starter validate -f FILE and"
                + " bin/starter dry-run -f FILE.");
        return NOT_AVAILABLE;
    }
}
