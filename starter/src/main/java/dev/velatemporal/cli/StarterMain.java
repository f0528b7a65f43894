package dev.velatemporal.cli;

import dev.velatemporal.client.RemoteFailure;
import dev.velatemporal.connection.ConnectionSettingsException;
import dev.velatemporal.connection.TemporalUnreachableException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code bin/starter}: the command line of vela-temporal. */
@Command(
        name = "starter",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Deliver OAM Applications with Temporal: check them, preview what they create, run them.",
        subcommands = {ValidateCommand.class, DryRunCommand.class, ApplyCommand.class, ListCommand.class,
                StatusCommand.class, HistoryCommand.class, WatchCommand.class, ResumeCommand.class, RollbackCommand.class,
                ReconcileCommand.class, DeleteCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = ExitCodes.INVALID,
        exitCodeOnExecutionException = ExitCodes.OPERATIONAL,
        footer = {"", "Options before the command apply to it: bin/starter -n shop status APP.",
                "Exit codes: 0 done; 1 an operational error; 2 invalid input or usage."})
public final class StarterMain implements Runnable {

    @Mixin
    GlobalOptions globals;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        StarterLogging.configure();
        int code;
        try {
            code = run(args);
        } catch (Throwable e) { // an Error picocli does not handle: still one line, not a stack trace
            System.err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (please report it with the command you ran)");
            code = ExitCodes.OPERATIONAL;
        }
        System.exit(code);
    }

    /**
     * The Temporal address a command line names, from the global options, TEMPORAL_ADDRESS or the config profile:
     * for commands added by a {@link StarterExtension}, which see the global options only through their parent.
     */
    public static String temporalAddress(CommandSpec spec) {
        return GlobalOptions.of(spec).temporal.resolve().getAddress();
    }

    /** Runs a command line and returns its exit code; the entry point tests drive. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** {@code bin/starter} alone: a usage error, as for any other missing argument. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command");
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new StarterMain());
        for (StarterExtension extension : ServiceLoader.load(StarterExtension.class)) {
            extension.commands().forEach(commandLine::addSubcommand);
        }
        // -V on any command prints the version, not the empty line of a command without a provider.
        commandLine.getSubcommands().values()
                .forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        return commandLine
                .setExecutionStrategy(StarterMain::execute)
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(StarterMain::failed);
    }

    /**
     * Hands {@code -n} to the command's {@link ApplicationName} before it runs: the option is global, while
     * commands (the dev stack's {@code traffic} among them) read the namespace from their ApplicationName.
     */
    private static int execute(ParseResult parsed) {
        GlobalOptions globals = GlobalOptions.of(parsed.commandSpec());
        for (CommandLine command : parsed.asCommandLineList()) {
            for (CommandSpec mixin : command.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof ApplicationName name) {
                    name.namespace = globals.namespace();
                }
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** One line, no stack trace: what went wrong and what to do next (docs/behaviour.md section 5). */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        int code = e instanceof CommandFailure failure ? failure.exitCode()
                : e instanceof ConnectionSettingsException ? ExitCodes.INVALID
                : ExitCodes.OPERATIONAL;
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
