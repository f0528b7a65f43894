package dev.velatemporal.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.ReferenceFiles;
import org.junit.jupiter.api.Test;

/** Temporal carries Applications as Jackson JSON: they must survive the trip and read like the OAM document. */
class ApplicationJsonTest {

    private final Application rolloutV2 = ReferenceFiles.load(ReferenceFiles.ROLLOUT_V2);

    @Test
    void roundTripsThroughAPlainObjectMapper() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        Application back = mapper.readValue(mapper.writeValueAsString(rolloutV2), Application.class);

        assertThat(back).isEqualTo(rolloutV2);
    }

    @Test
    void roundTripsThroughAnObjectMapperThatIgnoresUnknownProperties() throws Exception {
        // As Temporal's default JSON converter is configured; everything but the stray "canary" must come back.
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        Application back = mapper.readValue(mapper.writeValueAsString(rolloutV2), Application.class);

        assertThat(back).isEqualTo(rolloutV2);
        assertThat(back.steps()).isEqualTo(rolloutV2.steps());
        assertThat(back.steps().get(0)).isInstanceOf(CanaryRolloutStep.class);
        assertThat(back.components().get(0).traits().get(0)).isInstanceOf(RolloutTrait.class);
    }

    @Test
    void anApplicationWithoutWorkflowRoundTripsWithoutOne() throws Exception {
        Application firstDeploy = ReferenceFiles.load(ReferenceFiles.FIRST_DEPLOY);
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        String json = mapper.writeValueAsString(firstDeploy);
        Application back = mapper.readValue(json, Application.class);

        assertThat(mapper.readTree(json).path("spec").has("workflow")).isFalse();
        assertThat(back).isEqualTo(firstDeploy);
        assertThat(back.hasDeclaredWorkflow()).isFalse();
    }

    @Test
    void theJsonHasTheShapeOfTheOamDocument() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(rolloutV2));

        assertThat(json.path("apiVersion").asText()).isEqualTo("core.oam.dev/v1beta1");
        assertThat(json.path("kind").asText()).isEqualTo("Application");
        assertThat(json.path("metadata").path("name").asText()).isEqualTo("book-info");
        assertThat(json.path("metadata").path("namespace").asText()).isEqualTo("default");
        JsonNode reviews = json.path("spec").path("components").path(0);
        assertThat(reviews.path("name").asText()).isEqualTo("reviews");
        assertThat(reviews.path("type").asText()).isEqualTo("webservice");
        assertThat(reviews.path("properties").path("port").asInt()).isEqualTo(9080);
        assertThat(reviews.path("properties").path("volumes").path(0).path("type").asText()).isEqualTo("emptyDir");
        assertThat(reviews.path("traits").path(0).path("type").asText()).isEqualTo("rollout");
        assertThat(reviews.path("traits").path(0).path("properties").path("targetSize").asInt()).isEqualTo(2);
        assertThat(reviews.path("traits").path(0).path("properties").path("rolloutBatches").path(1)
                .path("replicas").asInt()).isEqualTo(1);
        assertThat(reviews.path("traits").path(1).path("type").asText()).isEqualTo("canary-traffic");
        JsonNode firstStep = json.path("spec").path("workflow").path("steps").path(0);
        assertThat(firstStep.path("name").asText()).isEqualTo("rollout-1st-batch");
        assertThat(firstStep.path("type").asText()).isEqualTo("canary-rollout");
        assertThat(firstStep.path("properties").path("batchPartition").asInt()).isEqualTo(0);
        assertThat(firstStep.path("properties").path("traffic").path("weightedTargets").path(1).path("revision")
                .asText()).isEqualTo("reviews-v2");
        assertThat(firstStep.path("properties").has("component")).as("unset component left out").isFalse();
        JsonNode matches = json.path("spec").path("components").path(1).path("traits").path(1).path("properties")
                .path("match");
        assertThat(matches.path(0).toString()).isEqualTo("{\"exact\":\"/productpage\"}");
    }
}
