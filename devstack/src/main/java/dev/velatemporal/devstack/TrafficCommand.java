package dev.velatemporal.devstack;

import dev.velatemporal.cli.ApplicationName;
import dev.velatemporal.cli.CommandFailure;
import dev.velatemporal.cli.ExitCodes;
import dev.velatemporal.sandbox.TrafficSimulator;
import dev.velatemporal.sandbox.TrafficSplit;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code starter traffic APP COMPONENT}: the dev stack's "refresh the page a hundred times": simulated requests
 * sent through the component's VirtualService weights to the ready pods of each subset, counted per revision.
 */
@Command(name = "traffic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send simulated requests through a component's VirtualService and count which revision"
                + " answers each (dev stack: the sandbox has no real pods to call).",
                "A request routed to a subset without ready pods counts as an error, as Envoy's 503."},
        footer = {"", "Exit codes: 0 measured; 1 the sandbox cannot be reached or has no such VirtualService."})
public final class TrafficCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationName app;

    @Parameters(index = "1", paramLabel = "COMPONENT", description = "The component with the canary-traffic trait.")
    String component;

    @Option(names = "--requests", defaultValue = "1000", paramLabel = "N",
            description = "How many requests to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--kubeconfig", defaultValue = ".vela-temporal/sandbox.kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig of the sandbox (default: ${DEFAULT-VALUE}, written by bin/worker --dev).")
    Path kubeconfig;

    @Override
    public Integer call() {
        if (requests < 1) {
            throw new CommandFailure(ExitCodes.INVALID, "--requests must be at least 1, not " + requests);
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new CommandFailure(ExitCodes.OPERATIONAL, "no kubeconfig at " + kubeconfig + ": start the dev"
                    + " stack with bin/worker --dev (it writes it), or give --kubeconfig");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, kubeconfig.toFile())).build()) {
            TrafficSplit split = new TrafficSimulator(kube).simulate(app.namespace, component, requests);
            out.println(split.describe());
            out.flush();
            return ExitCodes.OK;
        } catch (IllegalStateException e) {
            throw new CommandFailure(ExitCodes.OPERATIONAL, e.getMessage());
        } catch (KubernetesClientException e) {
            throw new CommandFailure(ExitCodes.OPERATIONAL, "cannot read the sandbox cluster with " + kubeconfig
                    + " (" + e.getMessage() + "): is bin/worker --dev running?");
        }
    }
}
