package dev.velatemporal.cli;

import dev.velatemporal.cli.view.TextTable;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.client.ApplicationLister;
import dev.velatemporal.client.ApplicationLister.Listed;
import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.client.RemoteFailure;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.ApplicationStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code starter list [-n NS | -A]}: the Applications whose workflow runs, as kubectl lists objects. Which ones,
 * their phase and target revision come from Temporal's visibility; the generation and current step from each
 * one's status query, which needs a worker: without one they show as {@code ?}.
 */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the Applications of a namespace (-n, default: default), or of all (-A), with their"
                + " phase, generation, current step and target revision.",
                "Deleted Applications are not listed (their workflow has ended)."},
        footer = {"", "Exit codes: 0 listed (also when there is nothing to list); 1 cannot reach Temporal; 2 usage."})
final class ListCommand implements Callable<Integer> {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final String UNKNOWN = "?";
    static final String NONE = "-";

    @Spec
    CommandSpec spec;

    @Option(names = {"-A", "--all-namespaces"}, description = "List the Applications of every namespace.")
    boolean allNamespaces;

    @Override
    public Integer call() {
        GlobalOptions globals = GlobalOptions.of(spec);
        if (allNamespaces && globals.namespaceGiven()) {
            throw new ParameterException(spec.commandLine(), "-A (all namespaces) and -n " + globals.namespace()
                    + " exclude each other");
        }
        Optional<String> namespace = allNamespaces ? Optional.empty() : Optional.of(globals.namespace());
        if (namespace.isPresent() && !NAMESPACE.matcher(namespace.get()).matches()) {
            throw new ParameterException(spec.commandLine(), "-n " + namespace.get() + " is not a Kubernetes"
                    + " namespace name (lower-case letters, digits and '-')");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (TemporalConnection connection = globals.open()) {
            ApplicationClient client = globals.client(connection);
            List<Listed> listed = new ApplicationLister(connection).list(namespace);
            List<ListRow> rows = rows(client, listed);
            if (globals.output != GlobalOptions.Output.table) {
                out.print(Documents.write(rows, globals.output));
            } else if (rows.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(namespace.map(ns -> "no Applications in namespace " + ns + " (bin/starter list -A lists"
                        + " every namespace)").orElse("no Applications in any namespace"));
                err.flush();
            } else {
                out.print(table(rows, namespace.isEmpty()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * Each listed Application with what its status query adds. Without a worker every query would wait its full
     * time, so the first that goes unanswered (or a task queue nobody polls) stops the asking.
     */
    private List<ListRow> rows(ApplicationClient client, List<Listed> listed) {
        List<ListRow> rows = new ArrayList<>();
        boolean ask = !listed.isEmpty();
        if (ask && client.pollers().none()) {
            warn(client.nothingPolls() + ", so GENERATION and STEP are unknown (" + UNKNOWN + "): "
                    + ApplicationClient.START_A_WORKER);
            ask = false;
        }
        for (Listed application : listed) {
            ApplicationStatus status = null;
            if (ask) {
                try {
                    status = client.status(new ApplicationRef(application.namespace(), application.name()));
                } catch (RemoteFailure e) {
                    warn(e.getMessage() + "; GENERATION and STEP are unknown (" + UNKNOWN + ") from there on");
                    ask = false;
                }
            }
            rows.add(ListRow.of(application, status));
        }
        return rows;
    }

    private void warn(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warning: " + line);
        err.flush();
    }

    private static String table(List<ListRow> rows, boolean withNamespace) {
        TextTable table = withNamespace
                ? new TextTable("NAMESPACE", "NAME", "PHASE", "GENERATION", "STEP", "REVISION")
                : new TextTable("NAME", "PHASE", "GENERATION", "STEP", "REVISION");
        for (ListRow row : rows) {
            String generation = row.generation() == null ? UNKNOWN : row.generation().toString();
            String step = row.currentStep() == null ? UNKNOWN : row.currentStep().isEmpty() ? NONE : row.currentStep();
            String phase = row.phase().isEmpty() ? UNKNOWN : row.phase();
            String revision = row.targetRevision().isEmpty() ? NONE : row.targetRevision();
            if (withNamespace) {
                table.row(row.namespace(), row.name(), phase, generation, step, revision);
            } else {
                table.row(row.name(), phase, generation, step, revision);
            }
        }
        StringBuilder out = new StringBuilder();
        table.appendTo(out);
        return out.toString();
    }
}
