package dev.velatemporal.yaml;

import dev.velatemporal.model.Application;
import dev.velatemporal.validation.ApplicationValidator;
import dev.velatemporal.validation.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads Applications from YAML (one or more documents per file) and validates them: the shape of every field
 * first, then the semantic rules. Every problem is reported at once, with its field path and, because it came
 * from a file, its line and column.
 */
public final class ApplicationLoader {

    private final YamlLimits limits;
    private final ApplicationBinder binder = new ApplicationBinder();
    private final ApplicationValidator validator = new ApplicationValidator();

    public ApplicationLoader() {
        this(YamlLimits.DEFAULT);
    }

    public ApplicationLoader(YamlLimits limits) {
        this.limits = limits;
    }

    public LoadResult load(Path file) {
        if (Files.isDirectory(file)) {
            return LoadResult.failed(List.of(Problem.at("", "cannot read " + file + ": it is a directory, not a file")));
        }
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                // Refused before reading: a 50 MB file must not cost 50 MB.
                return LoadResult.failed(List.of(YamlReader.tooLarge(size, limits)));
            }
            return parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return LoadResult.failed(List.of(Problem.at("", "no such file: " + file)));
        } catch (IOException e) {
            return LoadResult.failed(List.of(Problem.at("", unreadable(file, e))));
        }
    }

    /** Why a file cannot be read, in words: the JDK's message for a denied read is only the file's name. */
    static String unreadable(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return "cannot read " + file + ": permission denied (check its permissions, or pipe it in with -f -)";
        }
        return "cannot read " + file + ": " + e.getMessage();
    }

    /** Reads at most one byte more than the limit, so an endless stream is refused, not buffered. */
    public LoadResult load(InputStream input) throws IOException {
        return parse(input.readNBytes(limits.maxBytes() + 1));
    }

    public LoadResult parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public LoadResult parse(byte[] bytes) {
        ParsedYaml parsed = new YamlReader(limits).read(bytes);
        if (!parsed.problems().isEmpty()) {
            return LoadResult.failed(parsed.problems());
        }
        if (parsed.documents().isEmpty()) {
            return LoadResult.failed(List.of(Problem.at("", "the file holds no Application")));
        }
        List<Application> applications = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node document : parsed.documents()) {
            Binding binding = new Binding();
            Application application = binder.bind(YamlField.document(document, binding));
            List<Problem> documentProblems = new ArrayList<>(binding.problems().list());
            if (application != null) {
                for (Problem problem : validator.validate(application)) {
                    Problem inFile = binding.inSource(problem);
                    if (!binding.isConsequenceOfSubstitution(inFile)) {
                        documentProblems.add(inFile);
                    }
                }
                String key = application.namespace() + "/" + application.name();
                Integer line = application.name().isEmpty()
                        ? null
                        : seen.putIfAbsent(key, document.getStartMark().getLine() + 1);
                if (line != null) {
                    documentProblems.add(binding.inSource(Problem.at("metadata.name", "Application " + key
                            + " appears twice in the file (also at line " + line + ")")));
                }
                applications.add(application);
            }
            // In file order; a problem with no position (the count of those not listed) goes last.
            documentProblems.sort(Comparator.comparingInt((Problem p) -> p.hasPosition() ? p.line() : Integer.MAX_VALUE)
                    .thenComparingInt(Problem::column));
            problems.addAll(documentProblems);
        }
        return problems.isEmpty() ? new LoadResult(applications, List.of()) : LoadResult.failed(problems);
    }
}
