package dev.velatemporal.testsupport;

import dev.velatemporal.model.Application;
import dev.velatemporal.validation.Problem;
import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the test inputs are, and how to load them. Tests run with the module directory as working directory, so
 * the repository's examples are {@code ../examples} and the upstream reference data is {@code ../reference}.
 */
public final class TestFiles {

    /** Upstream data kept verbatim in the repository ({@code reference/README.md} says what and from where). */
    public static final Path REFERENCE = Path.of("../reference");
    /** The three upstream KubeVela v1.1 bookinfo Applications, verbatim. */
    public static final Path KUBEVELA_REFERENCE = REFERENCE.resolve("kubevela-v1.1");
    /** Istio's CRDs with their OpenAPI v3 schemas. */
    public static final Path ISTIO_CRDS = REFERENCE.resolve("istio");
    public static final Path EXAMPLES = Path.of("../examples");

    private TestFiles() {}

    /**
     * An Application file that renders: its golden name (unique, file-name safe) and where it is.
     *
     * @param name e.g. {@code bookinfo-first-deploy} for {@code examples/bookinfo/first-deploy.yaml}, or
     *     {@code kubevela-v1.1-first-deploy} for the upstream file
     */
    public record Source(String name, Path file) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every example ({@code examples/**}{@code /*.yaml}), found on disk so a new example cannot be forgotten. */
    public static List<Source> examples() {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(f -> {
                        String relative = EXAMPLES.relativize(f).toString().replace('\\', '/');
                        String name = relative.substring(0, relative.length() - ".yaml".length()).replace('/', '-');
                        return new Source(name, f);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + EXAMPLES.toAbsolutePath().normalize(), e);
        }
    }

    /** The upstream files, in the order of the story. */
    public static List<Source> upstream() {
        return Stream.of("first-deploy", "rollout-v2", "rollback")
                .map(n -> new Source("kubevela-v1.1-" + n, KUBEVELA_REFERENCE.resolve(n + ".yaml")))
                .toList();
    }

    /** Every file the render tests cover: the examples, then the upstream files. */
    public static List<Source> allSources() {
        List<Source> all = new ArrayList<>(examples());
        all.addAll(upstream());
        return all;
    }

    public static Application upstream(String fileName) {
        return load(KUBEVELA_REFERENCE.resolve(fileName));
    }

    public static Application example(String relativePath) {
        return load(EXAMPLES.resolve(relativePath));
    }

    /** The single Application of a file, failing the test with every problem when it does not validate. */
    public static Application load(Path file) {
        return single(new ApplicationLoader().load(file), file.toString());
    }

    /** The single Application of a YAML text (a test's own input). */
    public static Application parse(String yaml) {
        return single(new ApplicationLoader().parse(yaml), "inline YAML");
    }

    private static Application single(LoadResult result, String source) {
        if (!result.isValid()) {
            throw new AssertionError(source + " does not validate:\n" + result.problems().stream()
                    .map(p -> "  " + p.describe(source)).collect(Collectors.joining("\n")));
        }
        if (result.applications().size() != 1) {
            throw new AssertionError(source + " holds " + result.applications().size() + " Applications, expected 1");
        }
        return result.applications().get(0);
    }

    public static String describe(List<Problem> problems, String source) {
        return problems.stream().map(p -> p.describe(source)).collect(Collectors.joining("\n"));
    }
}
