package dev.velatemporal.worker.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.worker.WorkerMain;
import dev.velatemporal.worker.image.Dockerfile.Copy;
import dev.velatemporal.worker.image.Dockerfile.Stage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker build -f deploy/Dockerfile .} without a Docker engine: everything is read from the Dockerfile's
 * text. Its build stage's {@code COPY} lines are laid out from the repository root as Docker would send it
 * (honouring {@code .dockerignore}), its {@code RUN} Maven command runs there (offline, on the local Maven
 * repository), and what the image stage copies from it must exist: a lib folder without the dev stack's mock
 * API server or Temporal test server, and the entry point's jar, whose main class is the production worker and
 * whose manifest class path the lib folder satisfies. A nested Maven build: about a minute.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WorkerImageBuildTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKERFILE = ROOT.resolve("deploy/Dockerfile");
    /** Jars of the dev stack and of tests, by file name prefix: none belongs in the image. */
    private static final List<String> DEV_ONLY = List.of("kubernetes-server-mock", "mockwebserver",
            "temporal-test-server", "temporal-testing", "vela-temporal-sandbox", "vela-temporal-devstack",
            "vela-temporal-starter", "junit", "assertj");
    private static final long BUILD_MINUTES = 8;

    @TempDir
    Path dir;

    @Test
    void theDockerfileBuildsTheProductionWorkerWithNothingDevOnly() throws Exception {
        requireMaven();
        Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);
        Stage image = dockerfile.finalStage();
        List<Copy> fromBuild = image.copies().stream().filter(c -> c.from() != null).toList();
        assertThat(fromBuild).as("COPY --from lines of the image stage").isNotEmpty()
                .allSatisfy(c -> assertThat(c.from()).isEqualTo(fromBuild.get(0).from()));
        Stage build = dockerfile.stage(fromBuild.get(0).from());

        Path workdir = dir.resolve("context");
        new BuildContext(ROOT, DockerIgnore.read(ROOT.resolve(".dockerignore"))).layOut(build, workdir);
        try (Stream<Path> files = Files.walk(workdir)) {
            assertThat(files.map(workdir::relativize).map(Path::toString))
                    .as("build outputs sent as context").noneMatch(p -> p.matches("(.*/)?target(/.*)?"));
        }
        assertThat(build.runCommands()).as("RUN lines of the build stage").isNotEmpty();
        for (String command : build.runCommands()) {
            runMaven(command, workdir);
        }

        // The image's file system: each COPY --from destination, as the build left its source.
        Map<String, Path> filesystem = new LinkedHashMap<>();
        for (Copy copy : fromBuild) {
            for (String source : copy.sources()) {
                Path built = BuildContext.host(build, source, workdir);
                assertThat(built).as("COPY --from=%s %s", copy.from(), source).exists();
                filesystem.put(copy.destination(), built);
            }
        }
        for (Path copied : filesystem.values()) {
            if (Files.isDirectory(copied)) {
                try (Stream<Path> jars = Files.list(copied)) {
                    assertThat(jars.map(j -> j.getFileName().toString()).toList()).as("jars in %s", copied)
                            .isNotEmpty()
                            .noneMatch(jar -> DEV_ONLY.stream().anyMatch(jar::startsWith));
                }
            }
        }

        List<String> entrypoint = image.entrypoint();
        int jarFlag = entrypoint.indexOf("-jar");
        assertThat(jarFlag).as("java -jar in ENTRYPOINT %s", entrypoint).isNotNegative();
        String jarPath = entrypoint.get(jarFlag + 1);
        Path jar = inImage(filesystem, jarPath);
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(WorkerMain.class.getName());
            String jarDir = jarPath.substring(0, jarPath.lastIndexOf('/') + 1);
            for (String entry : manifest.getValue(Attributes.Name.CLASS_PATH).trim().split("\\s+")) {
                assertThat(inImage(filesystem, jarDir + entry)).as("Class-Path entry %s in the image", entry)
                        .isRegularFile();
            }
        }
    }

    /** The build's file behind the image's path {@code path}. */
    private static Path inImage(Map<String, Path> filesystem, String path) {
        for (Map.Entry<String, Path> copied : filesystem.entrySet()) {
            String destination = copied.getKey();
            if (destination.equals(path)) {
                return copied.getValue();
            }
            if (destination.endsWith("/") && path.startsWith(destination)) {
                return copied.getValue().resolve(path.substring(destination.length()));
            }
        }
        throw new AssertionError(path + " is not in the image: nothing copies it there (" + filesystem.keySet() + ")");
    }

    /** The Dockerfile's Maven command, offline: the local repository holds what the outer build resolved. */
    private void runMaven(String command, Path workdir) throws IOException, InterruptedException {
        assertThat(command).as("the build stage's RUN").startsWith("mvn ");
        String offline = "mvn -o " + command.substring("mvn ".length());
        Path log = dir.resolve("maven.log");
        Process maven = new ProcessBuilder("sh", "-c", offline).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!maven.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("'" + offline + "' did not finish in " + BUILD_MINUTES + " minutes:\n"
                    + tail(log));
        }
        assertThat(maven.exitValue()).as("'%s' in the image's build context:%n%s", offline, tail(log)).isZero();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Maven runs the build; where there is none, say so (and on CI, where there must be one, fail). */
    private static void requireMaven() {
        boolean onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "mvn")));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(onPath).as("mvn on the PATH (CI=true)").isTrue();
        }
        Assumptions.assumeTrue(onPath, "mvn is not on the PATH: the worker image's build is not checked");
    }
}
