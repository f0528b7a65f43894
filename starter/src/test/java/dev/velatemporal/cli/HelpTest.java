package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"validate", "dry-run"})
    void everyCommandHasHelp(String command) {
        StarterRun run = StarterRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: starter " + command).contains("-f, --file=FILE").contains("Exit codes");
    }

    @Test
    void topLevelHelpListsTheCommands() {
        StarterRun run = StarterRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("validate").contains("dry-run").contains("Exit codes: 0 done");
    }

    @Test
    void unknownCommandIsAUsageError() {
        StarterRun run = StarterRun.of("deploy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: unknown command 'deploy' (did you mean 'apply'?); see 'bin/starter --help'\n");
    }
}
