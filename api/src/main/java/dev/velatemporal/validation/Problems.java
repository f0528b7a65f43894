package dev.velatemporal.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one Application, so that every one of them is reported at once. Stops listing after
 * {@link #LIMIT}: a hostile file could otherwise produce a problem per element, a million lines of output.
 */
public final class Problems {

    public static final int LIMIT = 200;

    private final List<Problem> problems = new ArrayList<>();
    private int dropped;

    public void add(String path, String message) {
        add(Problem.at(path, message));
    }

    public void add(Problem problem) {
        if (problems.size() < LIMIT) {
            problems.add(problem);
        } else {
            dropped++;
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems found, with a last line saying how many more were not listed. */
    public List<Problem> list() {
        if (dropped == 0) {
            return List.copyOf(problems);
        }
        List<Problem> all = new ArrayList<>(problems);
        all.add(Problem.at("", "... and " + dropped + " more problems"));
        return List.copyOf(all);
    }
}
