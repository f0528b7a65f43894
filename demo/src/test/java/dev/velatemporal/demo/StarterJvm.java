package dev.velatemporal.demo;

import dev.velatemporal.cli.StarterMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The starter in a JVM of its own, as {@code bin/starter} runs it ({@link StarterMain#main}), so that a signal can
 * be sent to it and its exit code and everything it printed are what a user would see.
 */
final class StarterJvm {

    record Result(int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private final Process process;
    private final Drain out;
    private final Drain err;

    private StarterJvm(Process process) {
        this.process = process;
        this.out = new Drain(process.getInputStream());
        this.err = new Drain(process.getErrorStream());
    }

    /** Starts {@code java -cp <this test's class path> dev.velatemporal.cli.StarterMain args...}. */
    static StarterJvm start(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                StarterMain.class.getName()));
        command.addAll(List.of(args));
        try {
            return new StarterJvm(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until standard output contains {@code text}, as a user waits to see it on the screen. */
    void awaitOutput(String text, Duration limit) throws InterruptedException {
        if (!out.awaitContains(text, Instant.now().plus(limit))) {
            throw new AssertionError("the starter did not print \"" + text + "\" within " + limit + " (alive: "
                    + process.isAlive() + ")\nstdout: " + out.text() + "\nstderr: " + err.text());
        }
    }

    /** Ctrl-C: SIGINT to the starter's JVM. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    Result await(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the starter did not end within " + limit + "\nstdout: " + out.text()
                    + "\nstderr: " + err.text());
        }
        return new Result(process.exitValue(), out.finish(), err.finish());
    }

    /** Reads a stream on its own thread, so neither pipe fills up and blocks the starter. */
    private static final class Drain {
        private final StringBuilder text = new StringBuilder();
        private boolean ended;
        private final Thread thread;

        Drain(InputStream stream) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = stream.read(buffer)) >= 0; ) {
                        append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // The process ended: what was read is all there is.
                }
                end();
            }, "starter-output");
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized void append(String more) {
            text.append(more);
            notifyAll();
        }

        private synchronized void end() {
            ended = true;
            notifyAll();
        }

        /** Whether {@code expected} was printed before {@code giveUp}; woken by each new piece of output. */
        synchronized boolean awaitContains(String expected, Instant giveUp) throws InterruptedException {
            while (text.indexOf(expected) < 0) {
                long left = Duration.between(Instant.now(), giveUp).toMillis();
                if (ended || left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }

        synchronized String text() {
            return text.toString();
        }

        String finish() throws InterruptedException {
            thread.join(10_000);
            return text();
        }
    }
}
