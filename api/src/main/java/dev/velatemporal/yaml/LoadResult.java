package dev.velatemporal.yaml;

import dev.velatemporal.model.Application;
import dev.velatemporal.validation.Problem;
import java.util.List;

/**
 * The Applications of a file, or every problem found in it. Never both: a file with any problem yields no
 * Application, so nothing of it can be applied half-way.
 */
public record LoadResult(List<Application> applications, List<Problem> problems) {

    public LoadResult {
        applications = List.copyOf(applications);
        problems = List.copyOf(problems);
        if (!problems.isEmpty() && !applications.isEmpty()) {
            throw new IllegalArgumentException("a load result holds applications or problems, not both");
        }
    }

    static LoadResult failed(List<Problem> problems) {
        return new LoadResult(List.of(), problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
