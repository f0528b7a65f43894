package dev.velatemporal.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlanner;
import dev.velatemporal.testsupport.TestFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/** Renders an Application's first deploy as {@code dry-run} does, and reads manifests back as Jackson trees. */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    /** For showing a document to a person: quotes only where YAML needs them, as ManifestYaml writes. */
    private static final YAMLMapper SHOW = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    private Manifests() {}

    /** The first deploy of the Application in {@code file}, as the YAML stream dry-run prints. */
    static String firstDeployYaml(Path file, IstioApiVersion istio) {
        return firstDeployYaml(TestFiles.load(file), istio);
    }

    static String firstDeployYaml(Application application, IstioApiVersion istio) {
        return new ManifestYaml().write(firstDeploy(application, istio));
    }

    static List<HasMetadata> firstDeploy(Application application, IstioApiVersion istio) {
        return new FirstDeployRenderer().render(application,
                new RevisionPlanner().plan(application, RevisionHistory.empty()), istio);
    }

    /** Every document of a YAML stream, as trees. */
    static List<JsonNode> documents(String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return docs.readAll().stream().filter(d -> d != null && !d.isMissingNode() && !d.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("not a YAML stream: " + e.getMessage(), e);
        }
    }

    /** One object as the tree a user would read in the YAML. */
    static JsonNode tree(HasMetadata object) {
        List<JsonNode> docs = documents(new ManifestYaml().write(List.of(object)));
        if (docs.size() != 1) {
            throw new AssertionError("one object wrote " + docs.size() + " documents");
        }
        return docs.get(0);
    }

    static String kind(JsonNode document) {
        return document.path("kind").asText();
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    /** {@code Deployment reviews-v1}: how a document is named in failure messages. */
    static String describe(JsonNode document) {
        return kind(document) + " " + name(document);
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> kind(d).equals(kind)).toList();
    }

    static JsonNode find(List<JsonNode> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> kind(d).equals(kind) && name(d).equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name + " among "
                        + documents.stream().map(Manifests::describe).toList()));
    }

    static String yaml(JsonNode node) {
        try {
            return SHOW.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
