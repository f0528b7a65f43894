package dev.velatemporal.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code starter completion}: picocli's completion script for every command and option, the dev stack's included.
 * One script serves bash and zsh (it loads zsh's bashcompinit itself).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for bash or zsh.",
                "Load it in the current shell:  source <(bin/starter completion)",
                "Or for every shell:  bin/starter completion > ~/.vela-starter-completion; then add"
                        + " 'source ~/.vela-starter-completion' to ~/.bashrc or ~/.zshrc.",
                "It completes the command name 'starter' (and so bin/starter); with another name, e.g. an alias,"
                        + " add: complete -F _complete_starter NAME"},
        footer = {"", "Exit codes: 0 printed; 2 an unknown shell."})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
            description = "bash (default) or zsh: the same script.")
    Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
        return ExitCodes.OK;
    }
}
