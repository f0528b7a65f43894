package dev.velatemporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three KubeVela v1.1 bookinfo Applications, verbatim, in the repository's {@code reference/kubevela-v1.1/}.
 * Maven runs the tests with the module directory ({@code api/}) as working directory, so that is
 * {@code ../reference/kubevela-v1.1}.
 */
public final class ReferenceFiles {

    public static final String FIRST_DEPLOY = "first-deploy.yaml";
    public static final String ROLLOUT_V2 = "rollout-v2.yaml";
    public static final String ROLLBACK = "rollback.yaml";

    private static final Path DIRECTORY = Path.of("../reference/kubevela-v1.1");

    private ReferenceFiles() {}

    public static Path path(String name) {
        Path file = DIRECTORY.resolve(name);
        assertThat(file).as("reference file (working directory %s)", Path.of("").toAbsolutePath()).isRegularFile();
        return file;
    }

    public static String text(String name) throws Exception {
        return Files.readString(path(name));
    }

    /** The file's only Application, after checking that it loaded without problems. */
    public static Application load(String name) {
        LoadResult result = new ApplicationLoader().load(path(name));
        assertThat(result.problems()).as("problems of %s", name).isEmpty();
        assertThat(result.applications()).as("applications of %s", name).hasSize(1);
        return result.applications().get(0);
    }
}
