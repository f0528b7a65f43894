package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order of the writes the API server received during the seed story, replayed: no VirtualService write ever
 * routes to a subset the DestinationRule lacks, nor gives weight to a revision whose pods are not ready.
 */
@EnableKubernetesMockClient(crud = true)
class TrafficOrderTest {

    static final String ID = "default.book-info";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern DEPLOYMENT_STATUS = Pattern.compile(".*/deployments/([^/?]+)/status.*");

    KubernetesClient client;
    DeliveryTestbed testbed;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void trafficOnlyEverGoesToExistingSubsetsOfReadyRevisions() throws Exception {
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
        testbed.applyAndAwait("rollout-v2.yaml", 2, GenerationPhase.SUSPENDED);
        testbed.existing(ID).resume();
        testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);

        Set<String> subsets = new LinkedHashSet<>();
        Map<String, Integer> ready = new HashMap<>();
        List<String> routed = new ArrayList<>();
        for (ApiWriteLog.Write write : testbed.writes.writes()) {
            String path = write.path();
            if (write.body() == null || write.body().isEmpty()) {
                continue;
            }
            JsonNode body = JSON.readTree(write.body());
            Matcher status = DEPLOYMENT_STATUS.matcher(path);
            if (status.matches()) {
                JsonNode readyReplicas = body.at("/status/readyReplicas");
                if (!readyReplicas.isMissingNode()) {
                    ready.put(status.group(1), readyReplicas.asInt());
                }
            } else if (path.endsWith("/destinationrules/reviews") || path.endsWith("/destinationrules")) {
                JsonNode written = field(body, "subsets");
                if (written != null) {
                    subsets.clear();
                    written.forEach(s -> subsets.add(s.get("name").asText()));
                }
            } else if (path.endsWith("/virtualservices/reviews") || isCanaryCreate(write, body)) {
                JsonNode http = field(body, "http");
                if (http == null) {
                    continue;
                }
                for (JsonNode route : http.get(0).get("route")) {
                    JsonNode subset = route.at("/destination/subset");
                    if (subset.isMissingNode()) {
                        continue;
                    }
                    String revision = subset.asText();
                    int weight = route.path("weight").asInt();
                    assertThat(subsets).as("DestinationRule subsets when routing to %s", revision).contains(revision);
                    if (weight > 0) {
                        assertThat(ready.getOrDefault(revision, 0)).as("ready pods of %s when it got %d%%",
                                revision, weight).isPositive();
                    }
                    routed.add(revision + "=" + weight);
                }
            }
        }
        // The story's shifts all happened, so the checks above ran on them.
        assertThat(routed).containsSubsequence("reviews-v1=90", "reviews-v2=10", "reviews-v2=100");
    }

    private static boolean isCanaryCreate(ApiWriteLog.Write write, JsonNode body) {
        return write.method().equals("POST") && write.path().endsWith("/virtualservices")
                && body.at("/metadata/name").asText().equals("reviews");
    }

    /** The written value of {@code spec.<name>}: from a whole object, a merge patch, or a JSON patch. */
    private static JsonNode field(JsonNode body, String name) {
        if (body.isArray()) {
            JsonNode found = null;
            for (JsonNode operation : body) {
                String path = operation.path("path").asText();
                if (path.equals("/spec/" + name)) {
                    found = operation.get("value");
                } else if (path.equals("/spec") && operation.get("value").has(name)) {
                    found = operation.get("value").get(name);
                }
            }
            return found;
        }
        JsonNode value = body.at("/spec/" + name);
        return value.isMissingNode() ? null : value;
    }
}
