package dev.velatemporal.cli;

import dev.velatemporal.client.RemoteFailure;
import dev.velatemporal.connection.ConnectionSettingsException;
import dev.velatemporal.connection.TemporalUnreachableException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** {@code bin/starter}: the command line of vela-temporal. */
@Command(
        name = "starter",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Deliver OAM Applications with Temporal: check them, preview what they create, run them.",
        subcommands = {ValidateCommand.class, DryRunCommand.class, ApplyCommand.class, StatusCommand.class,
                WatchCommand.class, ResumeCommand.class, RollbackCommand.class, DeleteCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = ExitCodes.INVALID,
        exitCodeOnExecutionException = ExitCodes.OPERATIONAL,
        footer = {"", "Exit codes: 0 done; 1 an operational error; 2 invalid input or usage."})
public final class StarterMain {

    public static void main(String[] args) {
        // bin/starter runs with the worker's jar on the class path too, and each carries a logback.xml: the starter
        // names its own before the first logger exists.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "vela-starter-logback.xml");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; the entry point tests drive. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new StarterMain());
        for (StarterExtension extension : ServiceLoader.load(StarterExtension.class)) {
            extension.commands().forEach(commandLine::addSubcommand);
        }
        return commandLine.setExecutionExceptionHandler(StarterMain::failed);
    }

    /** One line, no stack trace: what went wrong and what to do next (SPEC section 5). */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        int code = e instanceof CommandFailure failure ? failure.exitCode() : ExitCodes.OPERATIONAL;
        boolean expected = e instanceof CommandFailure || e instanceof RemoteFailure
                || e instanceof TemporalUnreachableException || e instanceof ConnectionSettingsException;
        String message = expected ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + " (please report it with the command you ran)";
        command.getErr().println("error: " + message);
        command.getErr().flush();
        return code;
    }
}
