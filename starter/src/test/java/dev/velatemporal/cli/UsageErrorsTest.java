package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A usage error is one line, exit 2: what is wrong, and where the command's help is; never the whole help. */
class UsageErrorsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                 | error: missing a command; see 'bin/starter --help'
            deploy                             | error: unknown command 'deploy' (did you mean 'apply'?); see 'bin/starter --help'
            delet book-info                    | error: unknown command 'delet' (did you mean 'delete'?); see 'bin/starter --help'
            status                             | error: missing required parameter: 'APP'; see 'bin/starter status --help'
            status book-info --wiat            | error: unknown option: '--wiat'; see 'bin/starter status --help'
            status book-info extra             | error: unexpected argument 'extra'; see 'bin/starter status --help'
            apply                              | error: missing required option: '--file=FILE'; see 'bin/starter apply --help'
            apply -f x.yaml --timeout soon     | error: invalid value for option '--timeout': "soon" is not a duration: write it as 500ms, 1s, 2m30s; see 'bin/starter apply --help'
            status book-info -o wide           | error: invalid value for option '--output': expected one of [table, json, yaml] (case-sensitive) but was 'wide'; see 'bin/starter status --help'
            list -A -n shop                    | error: -A (all namespaces) and -n shop exclude each other; see 'bin/starter list --help'
            """)
    void oneLineAndExitTwo(String commandLine, String expected) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

        StarterRun run = StarterRun.of(args);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(expected + "\n");
    }
}
