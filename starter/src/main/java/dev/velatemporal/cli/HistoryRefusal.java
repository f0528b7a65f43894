package dev.velatemporal.cli;

import dev.velatemporal.model.Application;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An apply the workflow refused because the spec does not fit the Application's revision history (docs/behaviour.md
 * section 2): each problem where it stands in the file, as {@code validate} prints problems, then what to change. The
 * usual cause is a revision name that moved on: a rollout failed, its workload keeps its number, and the fixed spec is
 * a workload not seen before, so it creates the next revision, not the one its {@code weightedTargets} still name.
 */
final class HistoryRefusal {

    /** How the workflow's history check words a target that is neither revision (api: HistoryValidator). */
    private static final Pattern NEITHER = Pattern.compile(
            "is neither the stable revision of (\\S+) \\(([^)]+)\\) nor the one this spec creates \\(([^)]+)\\)");

    private final ApplicationFile file;
    private final Application application;
    private final List<String> problems;

    HistoryRefusal(ApplicationFile file, Application application, List<String> problems) {
        this.file = file;
        this.application = application;
        this.problems = List.copyOf(problems);
    }

    void print(PrintWriter err) {
        SourcePositions positions = new SourcePositions(file.source());
        for (String problem : problems) {
            int colon = problem.indexOf(": ");
            Optional<String> where = colon < 0 ? Optional.empty()
                    : positions.of(application.namespace(), application.name(), problem.substring(0, colon));
            err.println(where.map(position -> file.displayName() + ":" + position + ": " + problem)
                    .orElse(file.displayName() + ": " + application.name() + ": " + problem));
        }
        err.println(file.displayName() + ": " + application.name() + ": " + advice() + "; nothing was applied");
        err.flush();
    }

    private String advice() {
        for (String problem : problems) {
            Matcher neither = NEITHER.matcher(problem);
            if (neither.find()) {
                String component = neither.group(1);
                String stable = neither.group(2);
                String created = neither.group(3);
                return "this spec creates revision " + created + " of " + component + " (a workload not seen before"
                        + " takes the next number, even after a failed rollout), so weightedTargets must name "
                        + created + (stable.equals("none yet") ? "" : " or the stable " + stable);
            }
        }
        return "the spec does not fit the Application's revision history";
    }
}
