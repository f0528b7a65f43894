package dev.velatemporal.sandbox;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real kubectl, against one kubeconfig. Its discovery cache goes to a directory of the test's own (not
 * {@code ~/.kube/cache}, which would collect one entry per ephemeral port). kubectl is required, not optional: the
 * point of these tests is that the sandbox satisfies it.
 */
final class Kubectl {

    static final long TIMEOUT_SECONDS = 30;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final String executable;
    private final Path kubeconfig;
    private final Path workDir;
    private final AtomicInteger runs = new AtomicInteger();

    Kubectl(Path kubeconfig, Path workDir) {
        this.executable = locate();
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
    }

    /** Runs {@code kubectl --kubeconfig FILE ARGS...}; fails the test if it runs for more than 30 s. */
    Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable, "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", workDir.resolve("kubectl-cache").toString()));
        command.addAll(List.of(args));
        int run = runs.incrementAndGet();
        Path out = workDir.resolve("kubectl-" + run + ".out");
        Path err = workDir.resolve("kubectl-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("KUBECONFIG");
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("kubectl " + String.join(" ", args) + " still running after " + TIMEOUT_SECONDS + " s: killed");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running kubectl", e);
        }
    }

    /** Runs kubectl and fails the test unless it exits 0; returns its standard output. */
    String get(String... args) {
        List<String> all = new ArrayList<>(List.of("get"));
        all.addAll(List.of(args));
        Result result = run(all.toArray(String[]::new));
        if (result.exitCode() != 0) {
            fail("kubectl " + String.join(" ", all) + " failed: " + result);
        }
        return result.out();
    }

    private static String locate() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, "kubectl");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return fail("kubectl is not on PATH. These tests check the sandbox against the real kubectl: install "
                + "Debian's kubectl package (`apt-get install kubectl`, or `kubernetes-client` on older releases); "
                + "CI installs it.");
    }
}
