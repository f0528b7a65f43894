package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunCommandTest {

    static final String FIRST_DEPLOY = "../reference/kubevela-v1.1/first-deploy.yaml";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void firstDeployPrintsEveryObjectKindByKindInApplyOrder() throws IOException {
        StarterRun run = StarterRun.of("dry-run", "-f", FIRST_DEPLOY);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(documents(run.out()).stream().map(d -> d.get("kind").asText() + "/"
                + d.at("/metadata/name").asText()).toList()).containsExactly(
                "Deployment/reviews-v1", "Deployment/productpage", "Deployment/ratings", "Deployment/details",
                "Service/reviews", "Service/productpage", "Service/ratings", "Service/details",
                "DestinationRule/reviews",
                "Gateway/productpage",
                "VirtualService/reviews", "VirtualService/productpage");
    }

    @Test
    void firstDeployShowsTheEndStateOfTheFirstGeneration() throws IOException {
        List<JsonNode> objects = documents(StarterRun.of("dry-run", "-f", FIRST_DEPLOY).out());

        JsonNode reviews = find(objects, "Deployment", "reviews-v1");
        assertThat(reviews.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(reviews.at("/spec/template/metadata/labels/app.oam.dev~1revision").asText())
                .isEqualTo("reviews-v1");
        JsonNode subsets = find(objects, "DestinationRule", "reviews").at("/spec/subsets");
        assertThat(subsets).hasSize(1);
        assertThat(subsets.get(0).get("name").asText()).isEqualTo("reviews-v1");
        assertThat(find(objects, "VirtualService", "reviews").at("/spec/http/0/route/0/destination/host").asText())
                .isEqualTo("reviews");
    }

    @Test
    void outputIsTheSameOnEveryRun() {
        assertThat(StarterRun.of("dry-run", "-f", FIRST_DEPLOY).out())
                .isEqualTo(StarterRun.of("dry-run", "-f", FIRST_DEPLOY).out());
    }

    @Test
    void olderIstioApiVersionOnRequest() throws IOException {
        StarterRun run = StarterRun.of("dry-run", "-f", FIRST_DEPLOY, "--istio-api-version", "v1beta1");

        assertThat(run.exitCode()).isZero();
        assertThat(documents(run.out()).stream()
                .filter(d -> d.get("apiVersion").asText().startsWith("networking.istio.io"))
                .map(d -> d.get("apiVersion").asText()).distinct().toList())
                .containsExactly("networking.istio.io/v1beta1");
    }

    @Test
    void unknownIstioApiVersionIsAUsageError() {
        StarterRun run = StarterRun.of("dry-run", "-f", FIRST_DEPLOY, "--istio-api-version", "v2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown Istio API version \"v2\"; supported: v1, v1beta1, v1alpha3");
    }

    @Test
    void invalidFilePrintsNothingOnStdout(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(Path.of(FIRST_DEPLOY)).replace("targetSize: 2", "targetSize: 3"));

        StarterRun run = StarterRun.of("dry-run", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("spec.components[0].traits[1].properties.rolloutBatches: replicas add up to"
                + " 2, must equal targetSize 3");
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    }

    static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.get("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
