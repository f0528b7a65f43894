package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    static final String REFERENCE = "../reference/kubevela-v1.1/";

    @Test
    void validFileIsReportedValidOnStdoutWithExitZero() {
        StarterRun run = StarterRun.of("validate", "-f", REFERENCE + "rollout-v2.yaml");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(REFERENCE + "rollout-v2.yaml: Application book-info in namespace default"
                + " is valid (4 components, 3 workflow steps)\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void applicationWithoutWorkflowSaysEachComponentIsApplied() {
        StarterRun run = StarterRun.of("validate", "-f", REFERENCE + "first-deploy.yaml");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("is valid (4 components, no workflow: each component is applied)");
    }

    @Test
    void everyProblemGoesToStderrWithLineColumnAndFieldAndExitTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                apiVersion: core.oam.dev/v1beta1
                kind: Application
                metadata:
                  name: shop
                spec:
                  components:
                    - name: web
                      type: webservice
                      properties:
                        port: 70000
                """);

        StarterRun run = StarterRun.of("validate", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                file + ":9:7: spec.components[0].properties.image: is required",
                file + ":10:15: spec.components[0].properties.port: 70000 is not a port: must be between 1 and 65535",
                file + ": 2 problems; fix them and run the command again");
    }

    @Test
    void missingFileIsInvalidInput() {
        StarterRun run = StarterRun.of("validate", "-f", "no-such-file.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("no-such-file.yaml: no such file: no-such-file.yaml\n");
    }

    @Test
    void readsStandardInputForDash() throws Exception {
        String yaml = Files.readString(Path.of(REFERENCE + "rollback.yaml"));

        StarterRun run = StarterRun.withStdin(yaml, "validate", "-f", "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("<stdin>: Application book-info in namespace default is valid"
                + " (4 components, 1 workflow step)\n");
    }

    @Test
    void fileOptionIsRequired() {
        StarterRun run = StarterRun.of("validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: missing required option: '--file=FILE'; see 'bin/starter validate"
                + " --help'\n");
    }
}
