package dev.velatemporal.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.model.Application;
import dev.velatemporal.testsupport.TestFiles;
import dev.velatemporal.testsupport.TestFiles.Source;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The YAML stream {@code dry-run} prints must read back, types included, as the objects that were rendered. */
class ManifestYamlTest {

    /** How the API server sees the objects: JSON, where a string is always quoted. */
    private static final ObjectMapper JSON =
            new ObjectMapper().setDefaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS));

    static Stream<Source> sources() {
        return TestFiles.allSources().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void readsBackAsExactlyTheRenderedObjects(Source source) {
        List<HasMetadata> objects = Manifests.firstDeploy(TestFiles.load(source.file()), IstioApiVersion.V1);
        String yaml = new ManifestYaml().write(objects);

        assertThat(yaml).startsWith("---\n");
        List<JsonNode> documents = Manifests.documents(yaml);
        assertThat(documents).hasSameSizeAs(objects);
        for (int i = 0; i < objects.size(); i++) {
            JsonNode expected = JSON.valueToTree(objects.get(i));
            assertThat(Golden.firstDifference(expected, documents.get(i), ""))
                    .as("%s %s read back from YAML", objects.get(i).getKind(), objects.get(i).getMetadata().getName())
                    .isEmpty();
        }
    }

    /**
     * A string that looks like a number must stay a string ({@code value: "1"}, {@code - "3600"}): written bare,
     * kubectl reads a number where Kubernetes wants a string and refuses the Deployment.
     */
    @Test
    void numericLookingStringsStayStrings() {
        Application application = TestFiles.parse("""
                apiVersion: core.oam.dev/v1beta1
                kind: Application
                metadata:
                  name: sleeper
                spec:
                  components:
                    - name: sleeper
                      type: webservice
                      properties:
                        image: docker.io/library/busybox:1.36
                        cmd: ["sleep", "3600"]
                        env:
                          - name: WORKERS
                            value: "1"
                          - name: RATIO
                            value: "0.5"
                """);
        JsonNode container = Manifests.documents(Manifests.firstDeployYaml(application, IstioApiVersion.V1)).get(0)
                .at("/spec/template/spec/containers/0");

        assertThat(container.at("/command/1").isTextual()).as("command %s", container.at("/command")).isTrue();
        assertThat(container.at("/env/0/value").isTextual()).as("env %s", container.at("/env")).isTrue();
        assertThat(container.at("/env/1/value").isTextual()).as("env %s", container.at("/env")).isTrue();
    }
}
