package dev.velatemporal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/starter}: the command line of vela-temporal. */
@Command(
        name = "starter",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Deliver OAM Applications with Temporal: check them, preview what they create, run them.",
        subcommands = {ValidateCommand.class, DryRunCommand.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = ExitCodes.INVALID,
        exitCodeOnExecutionException = ExitCodes.OPERATIONAL,
        footer = {"", "Exit codes: 0 done; 1 an operational error; 2 invalid input or usage."})
public final class StarterMain {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; the entry point tests drive. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new StarterMain());
    }
}
