package dev.velatemporal.demo;

import dev.velatemporal.devstack.DevStack;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests on a real Temporal need from the machine: the Temporal CLI ({@code bin/install-temporal-cli}),
 * and for the Temporal UI, Debian's Chromium and ChromeDriver ({@code bin/install-chromium}). Without them a test
 * is skipped with one line saying why on a developer's machine, and fails under {@code CI=true}, where
 * {@code .ci/run} installs them first: CI cannot pass by skipping.
 */
final class Required {

    /** Chromium and the ChromeDriver that drives it. */
    record Chromium(Path browser, Path driver) {}

    private Required() {}

    static Path temporalCli() {
        Optional<Path> cli = DevStack.temporalCli();
        if (cli.isEmpty()) {
            missing("the Temporal CLI is not installed (not on PATH, not in ~/.cache/vela-temporal/bin):"
                    + " run bin/install-temporal-cli");
        }
        return cli.orElseThrow();
    }

    static Chromium chromium() {
        Optional<Path> browser = onPath("chromium");
        Optional<Path> driver = onPath("chromedriver");
        if (browser.isEmpty() || driver.isEmpty()) {
            missing("Chromium and ChromeDriver are not installed (chromium, chromedriver not on PATH):"
                    + " run bin/install-chromium");
        }
        return new Chromium(browser.orElseThrow(), driver.orElseThrow());
    }

    private static void missing(String why) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(why + " (CI=true: .ci/run installs it before the tests, so this must not happen)");
        }
        Assumptions.abort(why);
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Optional.of(Path.of(dir, command));
            }
        }
        return Optional.empty();
    }
}
