package dev.velatemporal.devstack;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.worker.UntilStopped;
import dev.velatemporal.worker.WorkerFlags;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
        footer = {"", "Exit codes: 0 stopped cleanly (SIGTERM, Ctrl-C); 1 cannot start, or stopping failed (the"
                + " message says why); 2 invalid usage."})
public final class DevStackMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dev", description = "Run the dev stack (what this command does; accepted so that"
            + " bin/worker --dev reads as it is typed).")
    boolean dev;

    @Option(names = "--temporal-port", defaultValue = "7233", paramLabel = "PORT",
            description = "Port of the embedded Temporal (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int temporalPort;

    @Option(names = "--temporal", paramLabel = "embedded|cli|auto", defaultValue = "auto",
            converter = TemporalModeConverter.class,
            description = "Which Temporal to run: cli is the Temporal CLI's dev server (temporal server start-dev, a"
                    + " real server with the Temporal UI) as a child process; embedded is Temporal's Java test"
                    + " server in this process (no UI); auto (default) is cli when the CLI is installed (on PATH or"
                    + " by bin/install-temporal-cli), else embedded.")
    TemporalServerChoice.Mode temporalMode;

    @Option(names = "--ui-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the Temporal UI with the CLI's dev server (default: a free one).")
    int uiPort;

    @Option(names = "--temporal-db", paramLabel = "FILE",
            description = "With the CLI's dev server: keep workflows in this SQLite file across restarts, e.g."
                    + " .vela-temporal/temporal.db (default: in memory).")
    Path temporalDb;

    @Option(names = "--kube-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the sandbox Kubernetes API (default: a free one; the kubeconfig names it).")
    int kubePort;

    @Option(names = "--sandbox-kubeconfig", paramLabel = "FILE",
            description = "Where to write the sandbox's kubeconfig (default: .vela-temporal/sandbox.kubeconfig on"
                    + " Temporal port 7233, .vela-temporal/sandbox-PORT.kubeconfig on another, where bin/starter"
                    + " traffic --address localhost:PORT looks). Never one of a dev stack still running.")
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
            stack = DevStack.start(new DevStackSettings(temporalPort, kubePort, SandboxKubeconfig.DEFAULT_DIR,
                    Optional.ofNullable(sandboxKubeconfig), podReadyDelay, flags.taskQueue, flags.istioApiVersion,
                    flags.namespaces(), flags.metricsPort(), flags.temporal.payloadKey(),
                    flags.reconcileInterval,
                    new TemporalServerChoice(temporalMode, uiPort, Optional.ofNullable(temporalDb))));
        } catch (DevStackException e) {
            err.println("worker: " + e.getMessage());
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        printReady(stack, out);
        return UntilStopped.run(stack, "dev stack", out, err, stack.broken());
    }

    private void printReady(DevStack stack, PrintWriter out) {
        String kubeconfig = stack.kubeconfig().toString();
        out.printf("dev stack ready: Temporal at %s (namespace default, task queue %s), Kubernetes sandbox at %s,"
                + " pods ready %d ms after a change%n", stack.temporalAddress(), flags.taskQueue, stack.kubeUrl(),
                podReadyDelay.toMillis());
        out.println("kubeconfig: " + kubeconfig + " (this dev stack's own, for kubectl and bin/starter traffic;"
                + " removed when it stops)");
        if (stack.temporalUi().isPresent()) {
            out.println("Temporal UI: " + stack.temporalUi().get() + " (book-info: "
                    + stack.workflowPage("default.book-info").orElseThrow() + ")");
        }
        out.println((temporalDb != null ? "State: workflows in " + temporalDb + "; the sandbox's objects in memory"
                + " only, gone when the dev stack stops." : "State: in memory only. Every workflow and every"
                + " object in the sandbox is gone when the dev stack stops."));
        String address = stack.temporalPort() == TemporalOptions.DEFAULT_PORT ? ""
                : " --address " + stack.temporalAddress();
        // traffic finds the kubeconfig by the address; only a kubeconfig put elsewhere has to be named.
        String trafficKubeconfig = sandboxKubeconfig == null ? "" : " --kubeconfig " + kubeconfig;
        out.println("Try, in another terminal:");
        out.println("  bin/starter apply -f examples/bookinfo/first-deploy.yaml --wait" + address);
        out.println("  bin/starter apply -f examples/bookinfo/rollout-v2.yaml --wait" + address
                + "    # stops at 90/10, waiting for approval");
        out.println("  bin/starter status book-info" + address);
        out.println("  bin/starter traffic book-info reviews" + address + trafficKubeconfig);
        out.println("  bin/starter resume book-info" + address
                + "    # or: temporal workflow signal --workflow-id default.book-info --name resume" + address);
        out.println("  kubectl --kubeconfig " + kubeconfig + " get deploy,svc,virtualservices,destinationrules");
        stack.metricsUrl().ifPresent(url -> out.println("  curl -s " + url + " | grep ^vela_"));
        if (stack.temporalUi().isEmpty()) {
            out.println("No Temporal UI: this is the embedded Temporal. Run bin/install-temporal-cli, then the dev"
                    + " stack runs the Temporal CLI's dev server with its UI.");
        }
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    /** {@code embedded}, {@code cli} or {@code auto}, in any case. */
    public static final class TemporalModeConverter implements picocli.CommandLine.ITypeConverter<TemporalServerChoice.Mode> {
        @Override
        public TemporalServerChoice.Mode convert(String value) {
            try {
                return TemporalServerChoice.Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not embedded, cli or auto");
            }
        }
    }
}
