package dev.velatemporal.devstack;

import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.sandbox.SandboxCluster;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A dev stack's kubeconfig: each dev stack has its own, so kubectl and {@code bin/starter traffic} never read
 * another stack's sandbox. By default it is named after the stack's Temporal port, which no two running stacks
 * share: {@code .vela-temporal/sandbox.kubeconfig} on the default port 7233, {@code sandbox-<port>.kubeconfig}
 * on another; {@code bin/starter traffic --address localhost:<port>} finds it the same way. A file whose API
 * server still answers belongs to a running dev stack and is never overwritten (that is what a kubeconfig given
 * with {@code --sandbox-kubeconfig} twice would do). The stack removes its file when it stops, so a stale file
 * cannot send kubectl to a dead or, worse, another stack's port.
 */
public final class SandboxKubeconfig implements AutoCloseable {

    /** Where dev stacks keep their kubeconfigs, relative to the directory they run in. */
    public static final Path DEFAULT_DIR = Path.of(".vela-temporal");
    private static final int ANSWER_TIMEOUT_MILLIS = 500;

    private final Path file;
    private final String server;

    private SandboxKubeconfig(Path file, String server) {
        this.file = file;
        this.server = server;
    }

    /** The kubeconfig of the dev stack whose Temporal listens on {@code temporalPort}, in {@code dir}. */
    public static Path forTemporalPort(Path dir, int temporalPort) {
        return dir.resolve(temporalPort == TemporalOptions.DEFAULT_PORT ? "sandbox.kubeconfig"
                : "sandbox-" + temporalPort + ".kubeconfig");
    }

    /** Fails when {@code file} is the kubeconfig of a dev stack that still runs. */
    static void checkFree(Path file) {
        liveServer(file).ifPresent(server -> {
            throw new DevStackException(file + " belongs to a dev stack that is still running (its Kubernetes API"
                    + " at " + server + " answers): stop that one, or give this one another --sandbox-kubeconfig");
        });
    }

    /** Writes the sandbox's kubeconfig to {@code file}, unless a running dev stack's is there. */
    static SandboxKubeconfig write(SandboxCluster sandbox, Path file) {
        checkFree(file);
        sandbox.writeKubeconfig(file);
        return new SandboxKubeconfig(file, sandbox.url());
    }

    public Path file() {
        return file;
    }

    /** Removes the file, if it is still this stack's. */
    @Override
    public void close() {
        try {
            if (serverOf(file).filter(server::equals).isPresent()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** The API server {@code file} names, if the file exists, reads as a kubeconfig, and the server answers. */
    static Optional<String> liveServer(Path file) {
        return serverOf(file).filter(SandboxKubeconfig::answers);
    }

    private static Optional<String> serverOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Config.fromKubeconfig(null, file.toFile()).getMasterUrl())
                    .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (RuntimeException e) {
            return Optional.empty(); // not a kubeconfig (half-written, edited): nobody's, so it may be replaced
        }
    }

    private static boolean answers(String server) {
        URI uri = URI.create(server);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), ANSWER_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
