package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/demo} as a user sees it: its own JVM, both output streams. The narration is all there is on the
 * terminal (no stack trace, no warning, no SDK log line), and the rollback chapter no longer trips the embedded
 * Temporal ("Failure while reporting workflow progress ... NOT_FOUND"), which the log file would show.
 */
@Timeout(300)
class DemoOutputTest {

    private static final Path EXAMPLES = Path.of("../examples/bookinfo").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** On the embedded Temporal, and on the Temporal CLI's dev server (a real Temporal, with its UI). */
    @ParameterizedTest(name = "--temporal {0}")
    @ValueSource(strings = {"embedded", "cli"})
    void theTerminalShowsTheStoryAndNothingElse(String temporal) throws Exception {
        if (temporal.equals("cli") && dev.velatemporal.devstack.DevStack.temporalCli().isEmpty()) {
            String why = "the Temporal CLI is not installed: run bin/install-temporal-cli";
            org.junit.jupiter.api.Assertions.assertNotEquals("true", System.getenv("CI"), why + " (CI=true: .ci/run"
                    + " installs it first)");
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DemoMain.class.getName(),
                "--examples", EXAMPLES.toString(), "--pod-ready-delay", "200ms", "--temporal", temporal);
        Process demo = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = demo.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            demo.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String terminal = stdout + stderr;

        assertThat(ended).as("bin/demo ended within 240 s; it printed:%n%s", terminal).isTrue();
        assertThat(demo.exitValue()).as(terminal).isZero();
        assertThat(stdout).contains("== 1. First deploy", "== 4. Rollback: a second copy, in namespace rollback-demo",
                "== 5. Summary", "What the worker and Temporal logged: .vela-temporal/demo.log");
        assertThat(stdout).contains(temporal.equals("cli") ? "Temporal UI: http://127.0.0.1:"
                : "No Temporal UI on the embedded Temporal");
        assertThat(stderr).as("stderr").isEmpty();
        assertThat(terminal).doesNotContain("Exception", "WARN");
        assertThat(terminal.lines()).noneMatch(line -> line.startsWith("\tat "));

        Path log = dir.resolve(".vela-temporal/demo.log");
        assertThat(log).isRegularFile();
        assertThat(Files.readString(log)).contains("polling task queue vela-applications")
                .doesNotContain("Failure while reporting workflow progress", "workflow execution already completed");
    }
}
