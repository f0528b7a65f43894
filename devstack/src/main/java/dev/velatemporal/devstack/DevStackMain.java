package dev.velatemporal.devstack;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.worker.UntilStopped;
import dev.velatemporal.worker.WorkerFlags;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/worker --dev}: the dev stack in one process (an embedded Temporal, the sandbox Kubernetes API with
 * its simulated kubelet, and a worker on both) until SIGTERM or Ctrl-C, which stop it and exit 0.
 */
@Command(name = "worker --dev", mixinStandardHelpOptions = true,
        version = "vela-temporal dev stack (development build)",
        description = {"Runs the dev stack: an embedded Temporal (the official Java test server), a sandbox"
                + " Kubernetes API with a simulated kubelet, and a worker on both, in this one process.",
                "Everything lives in memory: stopping the dev stack forgets every workflow and object."},
        sortOptions = false,
        footer = {"", "Exit codes: 0 stopped cleanly (SIGTERM, Ctrl-C); 1 cannot start (the message says why);"
                + " 2 invalid usage."})
public final class DevStackMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dev", description = "Run the dev stack (what this command does; accepted so that"
            + " bin/worker --dev reads as it is typed).")
    boolean dev;

    @Option(names = "--temporal-port", defaultValue = "7233", paramLabel = "PORT",
            description = "Port of the embedded Temporal (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int temporalPort;

    @Option(names = "--kube-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the sandbox Kubernetes API (default: a free one; the kubeconfig names it).")
    int kubePort;

    @Option(names = "--sandbox-kubeconfig", paramLabel = "FILE", defaultValue = ".vela-temporal/sandbox.kubeconfig",
            description = "Where to write the sandbox's kubeconfig (default: ${DEFAULT-VALUE}).")
    Path sandboxKubeconfig;

    @Option(names = "--pod-ready-delay", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How long simulated pods take to get ready (default: ${DEFAULT-VALUE}). Images whose tag"
                    + " ends in -broken never get ready.")
    Duration podReadyDelay;

    @Mixin
    WorkerFlags flags;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DevStackMain()).execute(args));
    }

    @Override
    public Integer call() {
        flags.logFormat.apply();
        PrintWriter err = spec.commandLine().getErr();
        DevStack stack;
        try {
            stack = DevStack.start(new DevStackSettings(temporalPort, kubePort, sandboxKubeconfig, podReadyDelay,
                    flags.taskQueue, flags.istioApiVersion, flags.namespaces(), flags.metricsPort(),
                    flags.temporal.payloadKey()));
        } catch (DevStackException e) {
            err.println("worker: " + e.getMessage());
            err.flush();
            return 1;
        }
        printReady(stack, spec.commandLine().getOut());
        return UntilStopped.run(stack, err);
    }

    private void printReady(DevStack stack, PrintWriter out) {
        String kubeconfigArg = stack.kubeconfig().toString();
        out.printf("dev stack ready: Temporal at %s (namespace default, task queue %s), Kubernetes sandbox at %s,"
                + " pods ready %d ms after a change%n", stack.temporalAddress(), flags.taskQueue, stack.kubeUrl(),
                podReadyDelay.toMillis());
        String address = temporalPort == TemporalOptions.DEFAULT_PORT ? "" : " --address " + stack.temporalAddress();
        out.println("Try, in another terminal:");
        out.println("  bin/starter apply -f examples/bookinfo/first-deploy.yaml --wait" + address);
        out.println("  bin/starter apply -f examples/bookinfo/rollout-v2.yaml --wait" + address
                + "    # stops at 90/10, waiting for approval");
        out.println("  bin/starter status book-info" + address);
        out.println("  bin/starter traffic book-info reviews --kubeconfig " + kubeconfigArg);
        out.println("  bin/starter resume book-info" + address
                + "    # or: temporal workflow signal --workflow-id default.book-info --name resume"
                + (address.isEmpty() ? "" : " --address " + stack.temporalAddress()));
        out.println("  kubectl --kubeconfig " + kubeconfigArg + " get deploy,svc,virtualservices,destinationrules");
        stack.metricsUrl().ifPresent(url -> out.println("  curl -s " + url + " | grep ^vela_"));
        out.println("The Temporal UI needs a full Temporal server (see docker-compose.temporal.yml); the embedded one"
                + " answers the starter and the temporal CLI. Ctrl-C stops everything.");
        out.flush();
    }
}
