package dev.velatemporal.devstack;

import dev.velatemporal.cli.options.DurationConverter;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.SandboxCluster;
import dev.velatemporal.sandbox.SimulatedKubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sandbox Kubernetes API and its simulated kubelet as a process of their own (dev and test only), recording
 * every write with what it changed: the crash tests run it beside {@code temporal server start-dev} and the
 * production worker, so that killing the worker kills nothing else, and read the write log over HTTP.
 *
 * <p>Prints, in this order: {@code sandbox API at URL}, {@code kubeconfig FILE}, {@code write log at URL} and
 * {@code sandbox ready}. Runs until SIGTERM or Ctrl-C.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the sandbox Kubernetes API with a simulated kubelet, recording every write.")
public final class SandboxMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the API (default: a free one).")
    int port;

    @Option(names = "--kubeconfig", required = true, paramLabel = "FILE",
            description = "Where to write the kubeconfig for the worker and kubectl.")
    Path kubeconfig;

    @Option(names = "--pod-ready-delay", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How long simulated pods take to get ready (default: ${DEFAULT-VALUE}).")
    Duration podReadyDelay;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        SandboxCluster sandbox = SandboxCluster.startRecordingWrites(port, IstioApiVersion.V1);
        // The kubelet's own writes (Deployment statuses) are named, so the log tells them from the worker's.
        KubernetesClient kubeletClient = sandbox.namedClient("kubelet");
        SimulatedKubelet kubelet = new SimulatedKubelet(kubeletClient, podReadyDelay).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kubelet.close();
            kubeletClient.close();
            sandbox.close();
            stopped.countDown();
        }, "sandbox shutdown"));
        sandbox.writeKubeconfig(kubeconfig);
        System.out.println("sandbox API at " + sandbox.url());
        System.out.println("kubeconfig " + kubeconfig.toAbsolutePath());
        System.out.println("write log at " + sandbox.writeLogUrl().orElseThrow());
        System.out.println("sandbox ready");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
