package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionAndVersionTest {

    static final String VERSION = "vela-temporal \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Temporal Java SDK \\d+\\.\\d+\\.\\d+\\)\n";

    @Test
    void completionPrintsABashAndZshScriptForEveryCommand() {
        StarterRun run = StarterRun.of("completion");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("_complete_starter", "complete -F _complete_starter")
                .contains("list", "status", "watch", "apply", "completion", "--address", "--output")
                // The same script serves zsh through bashcompinit.
                .contains("bashcompinit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "validate", "dry-run", "apply", "list", "status", "watch", "resume", "rollback",
            "delete", "completion"})
    void versionIsTheRealOneOnEveryCommand(String command) {
        StarterRun run = command.isEmpty() ? StarterRun.of("-V") : StarterRun.of(command, "-V");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).matches(VERSION);
    }
}
