package dev.velatemporal.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import dev.velatemporal.testsupport.TestFiles;
import dev.velatemporal.testsupport.TestFiles.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered VirtualService, DestinationRule and Gateway, in every Istio API version we render, validates
 * against the OpenAPI v3 schema of Istio's own CRD for that version ({@code reference/istio/crd-*.yaml}).
 *
 * <p>The CRD schemas allow unknown fields: the API server prunes them silently, so a misspelt field would simply
 * be lost. To catch that, the schemas are made strict under {@code spec}: every object schema there that lists
 * {@code properties} and neither {@code additionalProperties} nor {@code x-kubernetes-preserve-unknown-fields}
 * gets {@code additionalProperties: false}. The root schema (which does not list apiVersion, kind or metadata) is
 * left as it is, so the whole object is validated against it.
 */
class IstioSchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> CRD_FILES = Map.of(
            "VirtualService", "crd-virtualservice.yaml",
            "DestinationRule", "crd-destinationrule.yaml",
            "Gateway", "crd-gateway.yaml");
    private static final List<String> COMBINATORS = List.of("oneOf", "anyOf", "allOf", "not");
    private static final Map<String, JsonNode> CRDS = new ConcurrentHashMap<>();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    /**
     * OpenAPI 3.0's dialect (it knows {@code nullable}); the Kubernetes extensions ({@code x-kubernetes-*}) are
     * annotations, so they neither validate nor log a warning per keyword.
     */
    private static final JsonSchemaFactory FACTORY;

    static {
        JsonMetaSchema kubernetes = JsonMetaSchema.builder(OpenApi30.getInstance())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                builder -> builder.metaSchema(kubernetes).defaultMetaSchemaIri(kubernetes.getIri()));
    }

    // --- the rendered objects ---------------------------------------------------------------------------------

    static Stream<Arguments> renderedIstioObjects() {
        List<Arguments> arguments = new ArrayList<>();
        for (Source source : TestFiles.allSources()) {
            for (IstioApiVersion version : IstioApiVersion.values()) {
                for (JsonNode document : Manifests.documents(Manifests.firstDeployYaml(source.file(), version))) {
                    if (CRD_FILES.containsKey(Manifests.kind(document))) {
                        arguments.add(Arguments.of(source.name() + " " + version.name().toLowerCase() + " "
                                + Manifests.describe(document), version, document));
                    }
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderedIstioObjects")
    void validatesAgainstIstiosCrdSchema(String name, IstioApiVersion version, JsonNode object) {
        assertThat(object.path("apiVersion").asText()).isEqualTo(version.apiVersion());
        assertThat(problems(object)).as("%s against %s", name, CRD_FILES.get(Manifests.kind(object))).isEmpty();
    }

    /** The parameterised test must not pass by having nothing to check. */
    @Test
    void everyKindAndVersionIsCovered() {
        Set<String> covered = renderedIstioObjects()
                .map(a -> Manifests.kind((JsonNode) a.get()[2]) + " " + ((JsonNode) a.get()[2]).path("apiVersion")
                        .asText())
                .collect(Collectors.toSet());
        for (String kind : CRD_FILES.keySet()) {
            for (IstioApiVersion version : IstioApiVersion.values()) {
                assertThat(covered).contains(kind + " " + version.apiVersion());
            }
        }
    }

    /** Canary traffic (weights and subsets) only appears after a first deploy; validate it too. */
    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void canaryRoutesAndSubsetsValidate(IstioApiVersion version) {
        var app = TestFiles.upstream("rollout-v2.yaml");
        var reviews = app.component("reviews").orElseThrow();
        JsonNode routes = Manifests.tree(new VirtualServiceRenderer().canary(app, reviews,
                List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10)), version));
        JsonNode subsets = Manifests.tree(new DestinationRuleRenderer().render(app, reviews,
                List.of("reviews-v1", "reviews-v2"), version));

        assertThat(problems(routes)).isEmpty();
        assertThat(problems(subsets)).isEmpty();
    }

    // --- the check can fail -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void aMisspeltSpecFieldIsRejected(IstioApiVersion version) {
        ObjectNode vs = canaryVirtualService(version);
        ObjectNode spec = (ObjectNode) vs.get("spec");
        spec.set("hostz", spec.remove("hosts"));

        assertThat(messages(vs)).anyMatch(m -> m.contains("hostz"));
        // Istio's schema alone would let it through (and the API server would prune it):
        assertThat(loose(vs)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void aMisspeltNestedFieldIsRejected(IstioApiVersion version) {
        ObjectNode vs = canaryVirtualService(version);
        ObjectNode destination = (ObjectNode) vs.at("/spec/http/0/route/0/destination");
        destination.set("subsett", destination.remove("subset"));

        assertThat(messages(vs)).anyMatch(m -> m.contains("subsett"));
    }

    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void aWeightGivenAsAStringIsRejected(IstioApiVersion version) {
        ObjectNode vs = canaryVirtualService(version);
        ((ObjectNode) vs.at("/spec/http/0/route/0")).put("weight", "90");

        assertThat(messages(vs)).anyMatch(m -> m.contains("weight") && m.contains("string"));
    }

    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void aSubsetWithoutANameIsRejected(IstioApiVersion version) {
        ObjectNode rule = (ObjectNode) Manifests.tree(new DestinationRuleRenderer().render(
                TestFiles.upstream("first-deploy.yaml"),
                TestFiles.upstream("first-deploy.yaml").component("reviews").orElseThrow(),
                List.of("reviews-v1"), version));
        ((ObjectNode) rule.at("/spec/subsets/0")).remove("name");

        assertThat(messages(rule)).anyMatch(m -> m.contains("subsets") && m.contains("name"));
    }

    @Test
    void aGatewayPortWithoutProtocolIsRejected() {
        JsonNode gateway = gatewayOfProductpage(IstioApiVersion.V1);
        ((ObjectNode) gateway.at("/spec/servers/0/port")).remove("protocol");

        assertThat(messages(gateway)).anyMatch(m -> m.contains("protocol"));
    }

    @Test
    void aGatewayWithAMisspeltSelectorIsRejected() {
        ObjectNode gateway = (ObjectNode) gatewayOfProductpage(IstioApiVersion.V1);
        ObjectNode spec = (ObjectNode) gateway.get("spec");
        spec.set("selecter", spec.remove("selector"));

        assertThat(messages(gateway)).anyMatch(m -> m.contains("selecter"));
    }

    // --- what the strictness does and does not touch ----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void theRootSchemaAcceptsApiVersionKindAndMetadata(IstioApiVersion version) {
        for (String kind : CRD_FILES.keySet()) {
            JsonNode root = crdSchema(kind, version);
            assertThat(root.has("additionalProperties")).isFalse();
            assertThat(strict(root).has("additionalProperties")).as("strictness stays under spec").isFalse();
            ObjectNode object = YAML.createObjectNode();
            object.put("apiVersion", version.apiVersion());
            object.put("kind", kind);
            object.putObject("metadata").put("name", "x").putObject("labels").put("app.oam.dev/name", "x");
            object.putObject("spec");
            if (kind.equals("DestinationRule")) {
                ((ObjectNode) object.get("spec")).put("host", "x");
            }
            assertThat(problems(object)).as(kind).isEmpty();
        }
    }

    @Test
    void strictnessChangesNothingButAdditionalPropertiesUnderSpec() {
        for (String kind : CRD_FILES.keySet()) {
            for (IstioApiVersion version : IstioApiVersion.values()) {
                JsonNode original = crdSchema(kind, version);
                JsonNode strict = strict(original);
                assertThat(withoutAdditionalProperties(strict.deepCopy())).isEqualTo(original);
                assertThat(strict.at("/properties/status")).isEqualTo(original.at("/properties/status"));
                assertThat(strict.at("/properties/spec/additionalProperties").asBoolean(true)).isFalse();
                assertThat(original.at("/properties/spec").toString()).doesNotContain("\"additionalProperties\":false");
            }
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static ObjectNode canaryVirtualService(IstioApiVersion version) {
        var app = TestFiles.upstream("rollout-v2.yaml");
        ObjectNode vs = (ObjectNode) Manifests.tree(new VirtualServiceRenderer().canary(app,
                app.component("reviews").orElseThrow(),
                List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10)), version));
        assertThat(problems(vs)).as("the unbroken object validates").isEmpty();
        return vs;
    }

    private static JsonNode gatewayOfProductpage(IstioApiVersion version) {
        List<JsonNode> documents = Manifests.documents(
                Manifests.firstDeployYaml(TestFiles.upstream("first-deploy.yaml"), version));
        JsonNode gateway = Manifests.find(documents, "Gateway", "productpage");
        assertThat(problems(gateway)).as("the unbroken object validates").isEmpty();
        return gateway;
    }

    private static List<String> messages(JsonNode object) {
        List<String> messages = problems(object).stream().map(ValidationMessage::getMessage).toList();
        assertThat(messages).as("the broken object is rejected").isNotEmpty();
        return messages;
    }

    private static Set<ValidationMessage> problems(JsonNode object) {
        String kind = Manifests.kind(object);
        IstioApiVersion version = IstioApiVersion.parse(object.path("apiVersion").asText());
        JsonSchema schema = SCHEMAS.computeIfAbsent(kind + "/" + version,
                k -> FACTORY.getSchema(strict(crdSchema(kind, version))));
        return schema.validate(object);
    }

    private static Set<ValidationMessage> loose(JsonNode object) {
        IstioApiVersion version = IstioApiVersion.parse(object.path("apiVersion").asText());
        return FACTORY.getSchema(crdSchema(Manifests.kind(object), version)).validate(object);
    }

    /** {@code spec.versions[?name==<version>].schema.openAPIV3Schema} of the kind's CRD. */
    static JsonNode crdSchema(String kind, IstioApiVersion version) {
        JsonNode crd = CRDS.computeIfAbsent(kind, k -> {
            try {
                return YAML.readTree(TestFiles.ISTIO_CRDS.resolve(CRD_FILES.get(k)).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(kind);
        String name = version.apiVersion().substring(version.apiVersion().indexOf('/') + 1);
        for (JsonNode candidate : crd.at("/spec/versions")) {
            if (candidate.path("name").asText().equals(name)) {
                assertThat(candidate.path("served").asBoolean()).as("%s %s is served", kind, name).isTrue();
                JsonNode schema = candidate.at("/schema/openAPIV3Schema");
                assertThat(schema.isObject()).as("%s %s has a schema", kind, name).isTrue();
                return schema;
            }
        }
        throw new AssertionError("CRD of " + kind + " has no version " + name);
    }

    /** A copy of {@code root} that forbids unknown fields under {@code properties.spec}. */
    static JsonNode strict(JsonNode root) {
        ObjectNode copy = root.deepCopy();
        forbidUnknownFields(copy.at("/properties/spec"), "spec");
        return copy;
    }

    private static void forbidUnknownFields(JsonNode schema, String where) {
        if (!schema.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) schema;
        for (String combinator : COMBINATORS) {
            // Branches only list required fields; one that declared properties would need its own treatment.
            for (JsonNode branch : branches(object.get(combinator))) {
                assertThat(branch.has("properties")).as("%s.%s declares properties", where, combinator).isFalse();
            }
        }
        if (object.has("properties")) {
            if (!object.has("additionalProperties") && !object.has("x-kubernetes-preserve-unknown-fields")) {
                object.put("additionalProperties", false);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.get("properties").properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                forbidUnknownFields(field.getValue(), where + "." + field.getKey());
            }
        }
        if (object.has("items")) {
            forbidUnknownFields(object.get("items"), where + "[]");
        }
        if (object.path("additionalProperties").isObject()) {
            forbidUnknownFields(object.get("additionalProperties"), where + ".*");
        }
    }

    private static List<JsonNode> branches(JsonNode combinator) {
        if (combinator == null) {
            return List.of();
        }
        if (combinator instanceof ArrayNode array) {
            List<JsonNode> all = new ArrayList<>();
            array.forEach(all::add);
            return all;
        }
        return List.of(combinator);
    }

    /** The schema with every {@code additionalProperties: false} removed: what strict() started from. */
    private static JsonNode withoutAdditionalProperties(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("additionalProperties").isBoolean() && !object.get("additionalProperties").asBoolean()) {
                object.remove("additionalProperties");
            }
            object.forEach(IstioSchemaTest::withoutAdditionalProperties);
        } else if (node.isArray()) {
            node.forEach(IstioSchemaTest::withoutAdditionalProperties);
        }
        return node;
    }
}
