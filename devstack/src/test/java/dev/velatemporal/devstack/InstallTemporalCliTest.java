package dev.velatemporal.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/install-temporal-cli}, with a stand-in {@code go} that "builds" a CLI in a moment (the real build,
 * about 15 minutes, is what {@code .ci/run} does): it installs once into the cache, answers at once the second
 * time, tells what is missing, and leaves nothing half-installed when the build fails.
 */
class InstallTemporalCliTest {

    private static final Path SCRIPT = Path.of("../bin/install-temporal-cli").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path cache;
    Path tools;
    Path calls;

    @BeforeEach
    void tools() throws IOException {
        cache = dir.resolve("cache");
        tools = Files.createDirectories(dir.resolve("tools"));
        calls = dir.resolve("go-calls");
        // PATH gets only the basics the script uses, and this directory: no `temporal`, and `go` only if added.
        for (String tool : List.of("bash", "mkdir", "mktemp", "mv", "rm", "tail", "head", "awk", "flock", "cat",
                "dirname", "env", "chmod")) {
            for (String bin : List.of("/usr/bin/", "/bin/")) {
                Path real = Path.of(bin + tool);
                if (Files.isExecutable(real) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), real);
                }
            }
        }
    }

    @Test
    void installsOnceIntoTheCacheAndAnswersAtOnceTheSecondTime() throws Exception {
        fakeGo("echo \"$GOBIN $*\" >> " + calls + "\n"
                + "printf '#!/bin/sh\\necho \"temporal version 1.5.1 (fake)\"\\n' > \"$GOBIN/temporal\"\n"
                + "chmod +x \"$GOBIN/temporal\"\n");

        Result first = run();
        Result second = run();
        Result check = run("--check");

        Path installed = cache.resolve("bin/temporal");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(installed + "\n");
        assertThat(first.err()).contains("building the Temporal CLI v1.5.1", "installed temporal version 1.5.1");
        assertThat(Files.isExecutable(installed)).isTrue();
        List<String> goCalls = Files.readAllLines(calls);
        assertThat(goCalls).singleElement().satisfies(call -> assertThat(call).contains(
                "install -ldflags -X github.com/temporalio/cli/temporalcli.Version=1.5.1",
                "github.com/temporalio/cli/cmd/temporal@v1.5.1").doesNotStartWith(installed.getParent() + " "));
        assertThat(second.exit()).isZero();
        assertThat(second.out()).isEqualTo(installed + "\n");
        assertThat(second.err()).isEmpty();
        assertThat(check.out()).isEqualTo(installed + "\n");
        assertThat(Files.readAllLines(calls)).as("go runs once").hasSize(1);
    }

    @Test
    void aFailedBuildSaysWhyAndLeavesNoCli() throws Exception {
        fakeGo("echo 'go: github.com/temporalio/cli@v1.5.1: reading go.mod: 410 Gone' >&2\nexit 1\n");

        Result result = run();

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("go install github.com/temporalio/cli/cmd/temporal@v1.5.1 failed",
                "410 Gone");
        assertThat(cache.resolve("bin/temporal")).doesNotExist();
        try (var left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("build."));
        }
    }

    @Test
    void withoutGoOrWithoutTheCliItSaysWhatToDoInOneLine() throws Exception {
        Result check = run("--check");
        Result install = run();

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err().strip()).doesNotContain("\n").contains("the Temporal CLI is not installed",
                "run bin/install-temporal-cli");
        assertThat(install.exit()).isEqualTo(1);
        assertThat(install.err()).startsWith("install-temporal-cli: Go is needed to build the Temporal CLI");
    }

    private void fakeGo(String body) throws IOException {
        Path go = tools.resolve("go");
        Files.writeString(go, "#!/bin/bash\nif [ \"$1\" = version ]; then echo 'go version go1.26.0 linux/amd64';"
                + " exit 0; fi\n" + body);
        Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String out, String err) {}

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(tools.resolve("bash").toString(), SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", tools.toString());
        env.put("HOME", dir.toString());
        env.put("VELA_CACHE", cache.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
