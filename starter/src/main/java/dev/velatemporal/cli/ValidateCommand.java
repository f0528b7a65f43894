package dev.velatemporal.cli;

import dev.velatemporal.model.Application;
import dev.velatemporal.yaml.LoadResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code starter validate -f FILE}: checks Applications offline, reporting every problem at once. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check the Applications in a file, offline: field types, names, ports, batches, weights,"
                + " and that every step can act on its component.",
                "Problems go to standard error as FILE:LINE:COLUMN: FIELD: MESSAGE."},
        footer = {"", "Exit codes: 0 valid; 2 invalid (nothing else is done)."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationFile file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadResult result = file.load(System.in, spec.commandLine().getErr());
        if (!result.isValid()) {
            return ExitCodes.INVALID;
        }
        for (Application application : result.applications()) {
            out.printf("%s: Application %s in namespace %s is valid (%s, %s)%n", file.displayName(),
                    application.name(), application.namespace(), count(application.components().size(), "component"),
                    application.hasDeclaredWorkflow()
                            ? count(application.steps().size(), "workflow step")
                            : "no workflow: each component is applied");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
