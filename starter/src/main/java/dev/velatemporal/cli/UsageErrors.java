package dev.velatemporal.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error is one line, as kubectl and git print it: what is wrong, and where the command's help is. Not
 * picocli's default of the message followed by the whole usage help (40 to 60 lines that scroll the error away).
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + describe(e) + "; see '" + help(command) + "'");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            if (unmatched.isUnknownOption()) {
                return "unknown option: '" + first + "'" + didYouMean(unmatched.getSuggestions());
            }
            boolean command = !e.getCommandLine().getSubcommands().isEmpty()
                    && e.getCommandLine().getCommandSpec().positionalParameters().isEmpty();
            return (command ? "unknown command '" : "unexpected argument '") + first + "'"
                    + (command ? didYouMean(unmatched.getSuggestions()) : "");
        }
        String message = String.valueOf(e.getMessage());
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static String didYouMean(List<String> suggestions) {
        return suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.get(0) + "'?)";
    }

    /** {@code bin/starter status --help}, as the user would type it. */
    static String help(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName(" ");
        String root = command.getCommandSpec().root().name();
        return "bin/" + root + name.substring(root.length()) + " --help";
    }
}
