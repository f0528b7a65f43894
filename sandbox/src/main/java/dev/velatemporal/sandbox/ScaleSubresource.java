package dev.velatemporal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code scale} subresource of Deployments ({@code kubectl scale}, fabric8's {@code scale(n)}), which the CRUD
 * store treats as the Deployment itself: a patch of {@code spec.replicas} there lands on the Deployment, as it
 * should, but the answer is the Deployment where clients expect an {@code autoscaling/v1 Scale}, and a PUT of a
 * Scale would replace the Deployment with it. So the store's answers are turned into Scales, and a PUT into a merge
 * patch of the replicas (carrying the Scale's resourceVersion, so a stale write is still refused with 409).
 */
final class ScaleSubresource {

    private static final Pattern PATH = Pattern.compile("/apis/apps/v1/namespaces/[^/]+/deployments/[^/]+/scale");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScaleSubresource() {}

    static boolean isScalePath(String path) {
        return PATH.matcher(path).matches();
    }

    /** The request to give the store: a PUT of a Scale becomes a merge patch; anything else goes as it is. */
    static RecordedRequest forStore(RecordedRequest request) {
        if (!"PUT".equals(request.getMethod())) {
            return request;
        }
        JsonNode scale = parse(request.getUtf8Body());
        if (scale == null || !scale.path("spec").path("replicas").isInt()) {
            return request; // not a Scale: the store's answer (an error, or a write) is the honest one
        }
        ObjectNode patch = JSON.createObjectNode();
        String resourceVersion = scale.path("metadata").path("resourceVersion").asText("");
        if (!resourceVersion.isEmpty()) {
            patch.putObject("metadata").put("resourceVersion", resourceVersion);
        }
        patch.putObject("spec").put("replicas", scale.path("spec").path("replicas").asInt());
        Headers headers = Headers.builder().setHeaders(request.getHeaders())
                .removeAll("Content-Type") // names are case-insensitive here
                .set("Content-Type", "application/merge-patch+json")
                .build();
        return new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, request.getPath(), headers,
                new Buffer(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The store's answer, with a Deployment in it replaced by its Scale. */
    static MockResponse fromStore(MockResponse answer) {
        if (answer.getBody() == null) {
            return answer;
        }
        JsonNode deployment = parse(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8));
        if (deployment == null || !"Deployment".equals(deployment.path("kind").asText())) {
            return answer;
        }
        return SandboxDispatcher.json(answer.code(), scaleOf(deployment).toString());
    }

    private static ObjectNode scaleOf(JsonNode deployment) {
        ObjectNode scale = JSON.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            JsonNode value = deployment.path("metadata").path(field);
            if (!value.isMissingNode()) {
                metadata.set(field, value);
            }
        }
        scale.putObject("spec").put("replicas", deployment.path("spec").path("replicas").asInt(1));
        List<String> selector = new ArrayList<>();
        deployment.path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(label -> selector.add(label.getKey() + "=" + label.getValue().asText()));
        scale.putObject("status")
                .put("replicas", deployment.path("status").path("replicas").asInt(0))
                .put("selector", String.join(",", selector));
        return scale;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
