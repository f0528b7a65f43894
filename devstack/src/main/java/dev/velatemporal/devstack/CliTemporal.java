package dev.velatemporal.devstack;

import dev.velatemporal.sandbox.FreePort;
import dev.velatemporal.workflow.VelaSearchAttributes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev stack's Temporal when the Temporal CLI is installed: {@code temporal server start-dev} as a child
 * process, a real Temporal server (visibility, Updates, sticky queues that fail over) with the Temporal UI.
 * Our search attributes are created at its start; its log goes to a file. Stopping the dev stack stops it; if it
 * exits on its own, {@link #crashed()} says so (the dev stack then stops, saying why).
 */
final class CliTemporal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CliTemporal.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final int uiPort;
    private final Path log;
    private volatile boolean stopping;
    /** Completes, with what to tell the user, if the server exits without being asked to. */
    private final java.util.concurrent.CompletableFuture<String> crashed =
            new java.util.concurrent.CompletableFuture<>();

    private CliTemporal(Process process, int port, int uiPort, Path log) {
        this.process = process;
        this.port = port;
        this.uiPort = uiPort;
        this.log = log;
    }

    /**
     * The Temporal CLI: {@code temporal} on PATH, else where {@code bin/install-temporal-cli} puts it
     * ({@code $VELA_CACHE/bin/temporal}, {@code ~/.cache/vela-temporal/bin/temporal} by default).
     */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "temporal");
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        String cache = System.getenv("VELA_CACHE");
        Path cached = (cache != null && !cache.isEmpty() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "vela-temporal")).resolve("bin/temporal");
        return Files.isExecutable(cached) ? Optional.of(cached) : Optional.empty();
    }

    /**
     * Starts {@code temporal server start-dev} on 127.0.0.1 and waits until its frontend and its UI accept
     * connections.
     *
     * @param uiPort the UI's port; 0 picks a free one
     * @param database a SQLite file to keep workflows across restarts; empty keeps them in memory
     * @param logFile where the server's output goes
     */
    static CliTemporal start(Path cli, int port, int uiPort, Optional<Path> database, Path logFile)
            throws IOException {
        int ui = uiPort == 0 ? FreePort.find() : uiPort;
        List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev",
                "--ip", "127.0.0.1", "--port", Integer.toString(port), "--ui-port", Integer.toString(ui),
                "--log-level", "warn",
                // Update and Update-with-Start (apply, resume, rollback, delete); on by default in recent servers.
                "--dynamic-config-value", "frontend.enableUpdateWorkflowExecution=true",
                "--dynamic-config-value", "frontend.enableExecuteMultiOperation=true"));
        for (String name : VelaSearchAttributes.definitions().keySet()) {
            command.addAll(List.of("--search-attribute", name + "=Keyword"));
        }
        database.ifPresent(file -> command.addAll(List.of("--db-filename", file.toString())));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        CliTemporal server = new CliTemporal(process, port, ui, logFile);
        try {
            server.awaitListening();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        process.onExit().thenAccept(exited -> {
            if (!server.stopping) {
                server.crashed.complete("the Temporal dev server (temporal server start-dev) exited with code "
                        + exited.exitValue() + "; its log: " + logFile);
            }
        });
        return server;
    }

    /** Completes when the server exits without being asked to, with a sentence saying so and where its log is. */
    java.util.concurrent.CompletableFuture<String> crashed() {
        return crashed;
    }

    int port() {
        return port;
    }

    /** The Temporal UI, e.g. {@code http://127.0.0.1:8233}. */
    String uiUrl() {
        return "http://127.0.0.1:" + uiPort;
    }

    /** The UI's page of one workflow: its history, pending activities and summaries. */
    String workflowUrl(String temporalNamespace, String workflowId) {
        return uiUrl() + "/namespaces/" + temporalNamespace + "/workflows/" + workflowId;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    private void awaitListening() throws IOException {
        Instant giveUp = Instant.now().plus(STARTUP);
        while (!(accepts(port) && accepts(uiPort))) {
            if (!process.isAlive()) {
                throw new IOException("temporal server start-dev exited with code " + process.exitValue()
                        + " before it listened; its log: " + log + lastLines());
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IOException("temporal server start-dev did not listen on ports " + port + " and " + uiPort
                        + " within " + STARTUP.toSeconds() + "s; its log: " + log);
            }
            try {
                Thread.sleep(100); // a child process's port: nothing to watch but the port itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while temporal server start-dev started", e);
            }
        }
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : " (" + lines.get(lines.size() - 1).strip() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as Ctrl-C would; the server stops within a few seconds, else it is killed. */
    @Override
    public void close() {
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("the Temporal dev server did not stop within {}s; killing it", SHUTDOWN.toSeconds());
                process.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
