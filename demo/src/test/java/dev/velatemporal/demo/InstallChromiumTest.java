package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/install-chromium} with stand-ins for {@code apt-get}, {@code id} and {@code sudo} (the real install
 * is what {@code .ci/run} does): nothing to do when Chromium and ChromeDriver are there, one {@code apt-get update}
 * and one install otherwise (through sudo when not root), and one line saying why when it cannot.
 */
class InstallChromiumTest {

    private static final Path SCRIPT = Path.of("../bin/install-chromium").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path tools;
    Path installed;
    Path calls;

    @BeforeEach
    void tools() throws IOException {
        tools = Files.createDirectories(dir.resolve("tools"));
        installed = Files.createDirectories(dir.resolve("installed"));
        calls = dir.resolve("calls");
        Files.writeString(calls, "");
        // PATH gets only the basics the script uses, and these directories: no chromium unless "installed".
        for (String tool : List.of("bash", "mktemp", "rm", "tail", "head", "cat", "env")) {
            for (String bin : List.of("/usr/bin/", "/bin/")) {
                Path real = Path.of(bin + tool);
                if (Files.isExecutable(real) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), real);
                }
            }
        }
        script(tools.resolve("id"), "echo \"${FAKE_UID:-0}\"\n");
    }

    @Test
    void presentItPrintsThePathsAndInstallsNothing() throws Exception {
        fakeBrowser();
        aptGet("echo \"apt-get $*\" >> " + calls + "\n");

        Result result = run("0");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(installed.resolve("chromium") + "\n" + installed.resolve("chromedriver")
                + "\n");
        assertThat(result.err()).isEmpty();
        assertThat(Files.readAllLines(calls)).isEmpty();
    }

    @Test
    void absentItUpdatesOnceAndInstallsBothPackagesThroughSudoWhenNotRoot() throws Exception {
        aptGet("echo \"apt-get $*\" >> " + calls + "\n"
                + "if [ \"$1\" = install ]; then " + fakeBrowserCommands() + "; fi\n");
        script(tools.resolve("sudo"), "echo sudo >> " + calls + "\nexec \"$@\"\n");

        Result first = run("1000");
        Result second = run("1000");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(installed.resolve("chromium") + "\n" + installed.resolve("chromedriver")
                + "\n");
        assertThat(first.err()).contains("installing Debian's chromium and chromium-driver",
                "installed Chromium 156.0 (fake), ChromeDriver 156.0 (fake)");
        assertThat(Files.readAllLines(calls)).containsExactly("sudo", "apt-get update -qq", "sudo",
                "apt-get install -y -qq chromium chromium-driver");
        assertThat(second.exit()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(Files.readAllLines(calls)).as("the second run installs nothing").hasSize(4);
    }

    @Test
    void whenItCannotItSaysWhyInOneLine() throws Exception {
        Result check = run("0", "--check");
        Result noApt = run("0");
        aptGet("echo 'E: Unable to locate package chromium-driver' >&2\nexit 100\n");
        Result failing = run("0");
        Result notRootNoSudo = run("1000");

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err().strip()).doesNotContain("\n").contains("Chromium and ChromeDriver are not installed",
                "run bin/install-chromium");
        assertThat(noApt.exit()).isEqualTo(1);
        assertThat(noApt.err().strip()).doesNotContain("\n").startsWith("install-chromium: cannot install: no apt-get");
        assertThat(failing.exit()).isEqualTo(1);
        assertThat(failing.out()).isEmpty();
        assertThat(failing.err()).contains("cannot install: apt-get install chromium chromium-driver failed",
                "E: Unable to locate package chromium-driver");
        assertThat(notRootNoSudo.exit()).isEqualTo(1);
        assertThat(notRootNoSudo.err().strip()).doesNotContain("\n").contains("not root and no sudo");
    }

    private void fakeBrowser() throws Exception {
        Process process = new ProcessBuilder("/bin/bash", "-c", fakeBrowserCommands()).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** What the packages put on PATH: a chromium and a chromedriver that tell their version. */
    private String fakeBrowserCommands() {
        return "printf '#!/bin/sh\\necho \"Chromium 156.0 (fake)\"\\n' > " + installed.resolve("chromium")
                + " && printf '#!/bin/sh\\necho \"ChromeDriver 156.0 (fake)\"\\n' > " + installed.resolve("chromedriver")
                + " && /bin/chmod +x " + installed.resolve("chromium") + " " + installed.resolve("chromedriver");
    }

    private void aptGet(String body) throws IOException {
        script(tools.resolve("apt-get"), body);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String out, String err) {}

    private Result run(String uid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tools.resolve("bash").toString(), SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", tools + ":" + installed);
        env.put("HOME", dir.toString());
        env.put("FAKE_UID", uid);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
