package dev.velatemporal.yaml;

import dev.velatemporal.validation.FieldPath;
import dev.velatemporal.validation.Problem;
import dev.velatemporal.validation.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;

/** What binding one document collects: the problems found, and where in the file each field stood. */
final class Binding {

    /** A path segment: {@code .key} (or the leading key), or {@code [index]}. */
    private static final Pattern SEGMENT = Pattern.compile("(\\.?[^.\\[]+)|\\[([0-9]+)]");

    private final Problems problems = new Problems();
    private final Map<String, Mark> positions = new HashMap<>();
    /** Fields whose value was wrong or missing and was replaced by a placeholder to carry on binding. */
    private final List<String> substituted = new ArrayList<>();
    /** For lists some of whose elements could not be bound: the index in the file of each element kept. */
    private final Map<String, List<Integer>> sourceIndexes = new HashMap<>();

    void record(String path, Mark mark) {
        if (mark != null) {
            positions.putIfAbsent(path, mark);
        }
    }

    void report(String path, Mark mark, String message) {
        Problem problem = Problem.at(path, message);
        problems.add(mark == null ? problem : problem.withPosition(mark.getLine() + 1, mark.getColumn() + 1));
    }

    /** Reports a wrong or missing value that binding replaced by a placeholder (null, "", 0 or a default). */
    void reportSubstituted(String path, Mark mark, String message) {
        substituted.add(path);
        report(path, mark, message);
    }

    /**
     * A semantic problem about a placeholder, or about what contains it, is most likely a consequence of the
     * placeholder (a name that was missing is not a valid name; a weight that was not a number counts as 0, so the
     * sum is off): the problem already reported is the cause, so say only that.
     */
    boolean isConsequenceOfSubstitution(Problem problem) {
        for (String path : substituted) {
            if (FieldPath.isWithin(problem.path(), path) || FieldPath.isWithin(path, problem.path())) {
                return true;
            }
        }
        return false;
    }

    void renumbered(String listPath, List<Integer> indexesInFile) {
        sourceIndexes.put(listPath, List.copyOf(indexesInFile));
    }

    /**
     * The path in the file of a path in the model. They differ after a list element that could not be bound
     * (an unknown trait type): the model's {@code traits[1]} may be the file's {@code traits[2]}.
     */
    String sourcePath(String modelPath) {
        StringBuilder source = new StringBuilder();
        Matcher segment = SEGMENT.matcher(modelPath);
        while (segment.find()) {
            if (segment.group(1) != null) {
                source.append(segment.group(1));
            } else {
                int index = Integer.parseInt(segment.group(2));
                List<Integer> indexes = sourceIndexes.get(source.toString());
                source.append('[').append(indexes != null && index < indexes.size() ? indexes.get(index) : index)
                        .append(']');
            }
        }
        return source.toString();
    }

    /** A model problem as it reads against the file: its path renumbered, its position attached. */
    Problem inSource(Problem problem) {
        return locate(new Problem(sourcePath(problem.path()), problem.message(), problem.line(), problem.column()));
    }

    Problems problems() {
        return problems;
    }

    /** Puts a position on a problem found later from the model alone: its field's, or its nearest parent's. */
    private Problem locate(Problem problem) {
        for (String path = problem.path(); ; path = FieldPath.parent(path)) {
            Mark mark = positions.get(path);
            if (mark != null) {
                return problem.withPosition(mark.getLine() + 1, mark.getColumn() + 1);
            }
            if (path.isEmpty()) {
                return problem;
            }
        }
    }
}
