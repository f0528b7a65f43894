package dev.velatemporal.devstack;

import dev.velatemporal.cli.ApplicationName;
import dev.velatemporal.cli.CommandFailure;
import dev.velatemporal.cli.ExitCodes;
import dev.velatemporal.cli.StarterMain;
import dev.velatemporal.connection.TemporalOptions;
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
                "A request routed to a subset without ready pods counts as an error, as Envoy's 503.",
                "The dev stack is found by its Temporal address (--address, TEMPORAL_ADDRESS, or localhost:7233),"
                        + " whose port names the kubeconfig it wrote; or give --kubeconfig."},
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

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig of the sandbox, instead (what bin/worker --dev --sandbox-kubeconfig wrote).")
    Path kubeconfig;

    @Override
    public Integer call() {
        if (requests < 1) {
            throw new CommandFailure(ExitCodes.INVALID, "--requests must be at least 1, not " + requests);
        }
        Path kubeconfig = this.kubeconfig != null ? this.kubeconfig : devStackKubeconfig();
        if (!Files.isReadable(kubeconfig)) {
            throw new CommandFailure(ExitCodes.OPERATIONAL, "no kubeconfig at " + kubeconfig + ": "
                    + (this.kubeconfig != null ? "give the one the dev stack printed"
                    : "no dev stack with Temporal at " + temporalAddress() + " runs from this directory (bin/worker"
                    + " --dev writes it, and removes it when it stops); start one, or pass the --address it"
                    + " printed, or --kubeconfig"));
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

    /** The kubeconfig the dev stack on {@link #temporalAddress()} wrote in this directory. */
    private Path devStackKubeconfig() {
        String address = temporalAddress();
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? TemporalOptions.DEFAULT_PORT : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandFailure(ExitCodes.INVALID, "--address " + address + " is not HOST:PORT");
        }
        return SandboxKubeconfig.forTemporalPort(SandboxKubeconfig.DEFAULT_DIR, port);
    }

    /**
     * The dev stack's Temporal, as the starter's global {@code --address} (or TEMPORAL_ADDRESS) names it: its port
     * names the kubeconfig that stack wrote (.vela-temporal/sandbox.kubeconfig for 7233,
     * .vela-temporal/sandbox-PORT.kubeconfig for another).
     */
    private String temporalAddress() {
        return StarterMain.temporalAddress(spec);
    }
}
