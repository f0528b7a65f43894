package dev.velatemporal.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class of this project in a JVM of its own, started as its launcher starts it (this test's class path,
 * a working directory of the test's choosing), with what it prints on both streams collected line by line.
 */
final class JavaProcess implements AutoCloseable {

    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final StringBuilder output = new StringBuilder();
    private final List<Thread> readers = new ArrayList<>();

    private JavaProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout, "");
        pump(process.getErrorStream(), null, "stderr: ");
    }

    static JavaProcess start(Path workingDirectory, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            return new JavaProcess(new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The first line on standard output (from here on) that matches {@code regex}; fails after {@code timeout}. */
    Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.equals(END)) {
                stdout.add(END); // for the next caller
            }
            if (line == null || line.equals(END)) {
                throw new AssertionError("no line matching /" + regex + "/ " + (line == null ? "within " + timeout
                        : "before the process ended") + "; it printed:\n" + transcript());
            }
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
    }

    /** The processes this one started (a dev stack's {@code temporal server start-dev}, say). */
    java.util.List<ProcessHandle> children() {
        return process.toHandle().children().toList();
    }

    /** SIGTERM, as {@code kill}, {@code docker stop} and Kubernetes send it. */
    void terminate() {
        // Not Process.destroy(): it closes our ends of the process's output, and what it prints while stopping
        // is what the tests read.
        process.toHandle().destroy();
    }

    /** SIGKILL, as the OOM killer or a node's loss: nothing runs after it. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    /** The exit code, once everything it printed is read; fails if it has not ended within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; it printed:\n" + transcript());
        }
        for (Thread reader : readers) {
            reader.join(timeout.toMillis());
        }
        return process.exitValue();
    }

    /** What it printed on standard output so far. */
    String output() {
        synchronized (transcript) {
            return output.toString();
        }
    }

    /** Every line so far, standard error's marked {@code stderr: }, in the order they arrived. */
    String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void pump(InputStream stream, BlockingQueue<String> lines, String prefix) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (transcript) {
                        transcript.add(prefix + line);
                        if (lines != null) {
                            output.append(line).append('\n');
                        }
                    }
                    if (lines != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                if (lines != null) {
                    lines.add(END);
                }
            }
        }, "output of " + process.pid());
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }
}
