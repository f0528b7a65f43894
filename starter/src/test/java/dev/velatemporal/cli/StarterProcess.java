package dev.velatemporal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The starter as {@code bin/starter} runs it: its own JVM through {@link StarterMain#main}, so its logging set-up,
 * its exit code and everything the libraries print are what a user would see.
 */
final class StarterProcess {

    /** What a finished run left. */
    record Result(int exitCode, String out, String err) {

        /** Standard error's lines, without empty ones. */
        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private StarterProcess() {}

    /** Runs {@code java -cp <this test's class path> dev.velatemporal.cli.StarterMain args...} to its end. */
    static Result run(Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", // a short-lived CLI: start-up matters more than peak speed
                "-cp", System.getProperty("java.class.path"),
                StarterMain.class.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            Drain out = Drain.of(process.getInputStream());
            Drain err = Drain.of(process.getErrorStream());
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the starter did not end within " + limit + "; stderr: " + err.text());
            }
            return new Result(process.exitValue(), out.finish(), err.finish());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stream on its own thread, so neither pipe can fill up and block the process. */
    private static final class Drain {
        private final StringBuffer text = new StringBuffer();
        private final Thread thread;

        private Drain(InputStream stream) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = stream.read(buffer)) >= 0; ) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // The process ended: what was read is what there is.
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        static Drain of(InputStream stream) {
            return new Drain(stream);
        }

        String text() {
            return text.toString();
        }

        String finish() throws InterruptedException {
            thread.join(10_000);
            return text();
        }
    }
}
