package dev.velatemporal.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.testsupport.TestFiles;
import dev.velatemporal.testsupport.TestFiles.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code dry-run} prints for every example and upstream file: the first deploy, compared field by field with
 * the goldens in {@code src/test/resources/golden/} (regenerate them with {@code -Dgolden.update=true}, see
 * {@link Golden}), and checked against docs/behaviour.md section 2 by rules that hold for any Application.
 */
class GoldenRenderTest {

    private static final IstioApiVersion ISTIO = IstioApiVersion.V1;
    /** The order objects are safe to apply in: a route never names a subset or gateway that does not exist yet. */
    private static final List<String> KIND_ORDER =
            List.of("Deployment", "Service", "DestinationRule", "Gateway", "VirtualService");

    static Stream<Source> sources() {
        return TestFiles.allSources().stream();
    }

    private static List<JsonNode> render(Source source) {
        return Manifests.documents(Manifests.firstDeployYaml(source.file(), ISTIO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void firstDeployRendersAsTheGolden(Source source) {
        Golden.check(source.name(), source.file().toString(), Manifests.firstDeployYaml(source.file(), ISTIO));
    }

    @Test
    void everyGoldenBelongsToARenderedFile() throws IOException {
        Set<String> sources = TestFiles.allSources().stream().map(Source::name).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Golden.DIRECTORY)) {
            List<String> goldens = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length()))
                    .toList();
            assertThat(goldens).as("goldens in %s", Golden.DIRECTORY).isNotEmpty();
            assertThat(sources).as("rendered files, for goldens %s", goldens).containsAll(goldens);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void renderingTwiceGivesIdenticalOutput(Source source) {
        String first = Manifests.firstDeployYaml(TestFiles.load(source.file()), ISTIO);
        String second = Manifests.firstDeployYaml(TestFiles.load(source.file()), ISTIO);
        Application same = TestFiles.load(source.file());
        assertThat(second).isEqualTo(first);
        assertThat(Manifests.firstDeployYaml(same, ISTIO)).isEqualTo(Manifests.firstDeployYaml(same, ISTIO))
                .isEqualTo(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void objectsComeKindByKindInApplyOrderThenInSpecOrder(Source source) {
        List<JsonNode> documents = render(source);
        List<String> components = TestFiles.load(source.file()).components().stream().map(Component::name).toList();

        List<String> kinds = documents.stream().map(Manifests::kind).toList();
        assertThat(KIND_ORDER).containsAll(kinds);
        assertThat(kinds.stream().map(KIND_ORDER::indexOf).toList()).as("kinds in order %s", kinds).isSorted();
        for (String kind : KIND_ORDER) {
            List<Integer> componentOrder = Manifests.ofKind(documents, kind).stream()
                    .map(d -> components.indexOf(label(d, OamLabels.COMPONENT)))
                    .toList();
            assertThat(componentOrder).as("%s objects in the spec's component order", kind).isSorted();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void everyObjectCarriesTheOamLabelsAndTheApplicationsNamespace(Source source) {
        Application application = TestFiles.load(source.file());
        List<String> components = application.components().stream().map(Component::name).toList();
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode document : render(source)) {
            String what = Manifests.describe(document);
            softly.assertThat(label(document, OamLabels.APP_NAME)).as("%s label %s", what, OamLabels.APP_NAME)
                    .isEqualTo(application.name());
            softly.assertThat(label(document, OamLabels.COMPONENT)).as("%s label %s", what, OamLabels.COMPONENT)
                    .isIn(components);
            softly.assertThat(label(document, OamLabels.MANAGED_BY)).as("%s label %s", what, OamLabels.MANAGED_BY)
                    .isEqualTo("vela-temporal");
            softly.assertThat(document.path("metadata").path("namespace").asText()).as("%s namespace", what)
                    .isEqualTo(application.namespace());
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void deploymentsAreRevisionedExactlyWhenTheComponentHasARollout(Source source) {
        Application application = TestFiles.load(source.file());
        List<JsonNode> documents = render(source);
        assertThat(Manifests.ofKind(documents, "Deployment")).hasSameSizeAs(application.components());
        SoftAssertions softly = new SoftAssertions();
        for (Component component : application.components()) {
            boolean rollout = component.rollout().isPresent();
            String name = rollout ? component.name() + "-v1" : component.name();
            JsonNode deployment = Manifests.find(documents, "Deployment", name);
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            JsonNode selector = deployment.at("/spec/selector/matchLabels");
            softly.assertThat(deployment.path("apiVersion").asText()).as("%s apiVersion", name).isEqualTo("apps/v1");
            softly.assertThat(deployment.at("/spec/replicas").asInt()).as("%s replicas", name)
                    .isEqualTo(component.rollout().map(r -> r.properties().targetSize()).orElse(1));
            softly.assertThat(contains(podLabels, selector)).as("%s: selector %s selects its pods %s", name, selector,
                    podLabels).isTrue();
            softly.assertThat(podLabels.path(OamLabels.COMPONENT).asText()).as("%s pod label component", name)
                    .isEqualTo(component.name());
            if (rollout) {
                softly.assertThat(label(deployment, OamLabels.REVISION)).as("%s revision label", name).isEqualTo(name);
                softly.assertThat(podLabels.path(OamLabels.REVISION).asText()).as("%s pod revision label", name)
                        .isEqualTo(name);
                softly.assertThat(selector.path(OamLabels.REVISION).asText()).as("%s selects its revision", name)
                        .isEqualTo(name);
            } else {
                softly.assertThat(deployment.at("/metadata/labels").has(OamLabels.REVISION)).as("%s revision label",
                        name).isFalse();
                softly.assertThat(podLabels.has(OamLabels.REVISION)).as("%s pod revision label", name).isFalse();
            }
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            softly.assertThat(deployment.at("/spec/template/spec/containers").size()).as("%s containers", name)
                    .isEqualTo(1);
            softly.assertThat(container.path("image").asText()).as("%s image", name)
                    .isEqualTo(component.properties().image());
            softly.assertThat(container.at("/ports/0/containerPort").asInt()).as("%s containerPort", name)
                    .isEqualTo(component.properties().port());
        }
        softly.assertAll();
    }

    /** Every name an object refers to exists among the rendered objects, and every selector selects pods. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void everyReferenceResolves(Source source) {
        List<JsonNode> documents = render(source);
        List<JsonNode> deployments = Manifests.ofKind(documents, "Deployment");
        Map<String, JsonNode> services = byName(documents, "Service");
        Map<String, JsonNode> destinationRules = byName(documents, "DestinationRule");
        Set<String> gateways = byName(documents, "Gateway").keySet();
        SoftAssertions softly = new SoftAssertions();

        for (JsonNode service : services.values()) {
            String what = Manifests.describe(service);
            List<JsonNode> selected = deployments.stream()
                    .filter(d -> contains(d.at("/spec/template/metadata/labels"), service.at("/spec/selector")))
                    .toList();
            softly.assertThat(selected).as("%s selects the pods of some Deployment", what).isNotEmpty();
            Set<Integer> containerPorts = selected.stream()
                    .flatMap(d -> stream(d.at("/spec/template/spec/containers/0/ports")))
                    .map(p -> p.path("containerPort").asInt())
                    .collect(Collectors.toSet());
            for (JsonNode port : service.at("/spec/ports")) {
                softly.assertThat(port.path("targetPort").asInt()).as("%s port %s targets a container port", what,
                        port.path("name").asText()).isIn(containerPorts);
            }
        }
        for (JsonNode rule : destinationRules.values()) {
            String what = Manifests.describe(rule);
            softly.assertThat(services).as("%s host", what).containsKey(rule.at("/spec/host").asText());
            for (JsonNode subset : rule.at("/spec/subsets")) {
                softly.assertThat(deployments.stream().filter(d -> contains(d.at("/spec/template/metadata/labels"),
                        subset.path("labels"))).count()).as("%s subset %s selects the pods of one Deployment", what,
                        subset.path("name").asText()).isEqualTo(1);
            }
        }
        for (JsonNode virtualService : Manifests.ofKind(documents, "VirtualService")) {
            String what = Manifests.describe(virtualService);
            for (JsonNode gateway : virtualService.at("/spec/gateways")) {
                softly.assertThat(gateways).as("%s gateways", what).contains(gateway.asText());
            }
            for (JsonNode http : virtualService.at("/spec/http")) {
                for (JsonNode route : http.path("route")) {
                    JsonNode destination = route.path("destination");
                    String host = destination.path("host").asText();
                    softly.assertThat(services).as("%s routes to host %s", what, host).containsKey(host);
                    if (destination.has("subset")) {
                        softly.assertThat(stream(destinationRules.getOrDefault(host, missing()).at("/spec/subsets"))
                                .map(s -> s.path("name").asText()).toList())
                                .as("%s subsets of host %s", what, host).contains(destination.path("subset").asText());
                    }
                    if (destination.has("port") && services.containsKey(host)) {
                        softly.assertThat(stream(services.get(host).at("/spec/ports"))
                                .map(p -> p.path("port").asInt()).toList())
                                .as("%s port of host %s", what, host).contains(destination.at("/port/number").asInt());
                    }
                }
            }
        }
        softly.assertAll();
    }

    /** docs/behaviour.md section 2, value by value, for the file the whole story starts with. */
    @Test
    void bookinfoFirstDeployRendersWhatSpecSection2Says() {
        List<JsonNode> documents = Manifests.documents(
                Manifests.firstDeployYaml(TestFiles.KUBEVELA_REFERENCE.resolve("first-deploy.yaml"), ISTIO));

        JsonNode reviews = Manifests.find(documents, "Deployment", "reviews-v1");
        assertThat(reviews.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(reviews.at("/spec/template/metadata/labels/" + Golden.escape(OamLabels.REVISION)).asText())
                .isEqualTo("reviews-v1");
        assertThat(reviews.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("docker.io/istio/examples-bookinfo-reviews-v2:1.16.2");
        assertThat(stream(reviews.at("/spec/template/spec/containers/0/volumeMounts"))
                .map(m -> m.path("name").asText() + ":" + m.path("mountPath").asText()).toList())
                .containsExactly("wlp-output:/opt/ibm/wlp/output", "tmp:/tmp");
        assertThat(stream(reviews.at("/spec/template/spec/volumes")).map(v -> v.path("name").asText()
                + (v.has("emptyDir") ? ":emptyDir" : ":?")).toList()).containsExactly("wlp-output:emptyDir", "tmp:emptyDir");

        JsonNode rule = Manifests.find(documents, "DestinationRule", "reviews");
        assertThat(rule.path("apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(rule.at("/spec/host").asText()).isEqualTo("reviews");
        assertThat(rule.at("/spec/subsets")).hasSize(1);
        assertThat(rule.at("/spec/subsets/0/name").asText()).isEqualTo("reviews-v1");
        assertThat(rule.at("/spec/subsets/0/labels")).hasSize(1);
        assertThat(rule.at("/spec/subsets/0/labels/" + Golden.escape(OamLabels.REVISION)).asText())
                .isEqualTo("reviews-v1");

        JsonNode reviewsRoutes = Manifests.find(documents, "VirtualService", "reviews");
        assertThat(strings(reviewsRoutes.at("/spec/hosts"))).containsExactly("reviews");
        assertThat(reviewsRoutes.at("/spec/gateways").isMissingNode()).as("mesh traffic: no gateways").isTrue();
        assertThat(reviewsRoutes.at("/spec/http")).hasSize(1);
        assertThat(reviewsRoutes.at("/spec/http/0/route")).hasSize(1);
        assertThat(reviewsRoutes.at("/spec/http/0/route/0/destination/host").asText()).isEqualTo("reviews");

        JsonNode reviewsService = Manifests.find(documents, "Service", "reviews");
        assertThat(reviewsService.at("/spec/selector").toString())
                .isEqualTo("{\"" + OamLabels.COMPONENT + "\":\"reviews\"}");
        assertThat(reviewsService.at("/spec/ports/0/name").asText()).isEqualTo("http-9080");
        assertThat(reviewsService.at("/spec/ports/0/port").asInt()).isEqualTo(9080);

        JsonNode gateway = Manifests.find(documents, "Gateway", "productpage");
        assertThat(gateway.at("/spec/selector").toString()).isEqualTo("{\"istio\":\"ingressgateway\"}");
        assertThat(gateway.at("/spec/servers")).hasSize(1);
        assertThat(gateway.at("/spec/servers/0/port/number").asInt()).isEqualTo(80);
        assertThat(gateway.at("/spec/servers/0/port/protocol").asText()).isEqualTo("HTTP");
        assertThat(strings(gateway.at("/spec/servers/0/hosts"))).containsExactly("*");

        JsonNode productpage = Manifests.find(documents, "VirtualService", "productpage");
        assertThat(strings(productpage.at("/spec/gateways"))).containsExactly("productpage");
        assertThat(strings(productpage.at("/spec/hosts"))).containsExactly("*");
        assertThat(productpage.at("/spec/http")).hasSize(1);
        assertThat(stream(productpage.at("/spec/http/0/match")).map(m -> m.path("uri").toString()).toList())
                .containsExactly("{\"exact\":\"/productpage\"}", "{\"prefix\":\"/static\"}",
                        "{\"exact\":\"/login\"}", "{\"prefix\":\"/api/v1/products\"}");
        assertThat(productpage.at("/spec/http/0/route")).hasSize(1);
        assertThat(productpage.at("/spec/http/0/route/0/destination/host").asText()).isEqualTo("productpage");
        assertThat(productpage.at("/spec/http/0/route/0/destination/port/number").asInt()).isEqualTo(9080);
    }

    /** The seed's "Done when" list for the initial deployment. */
    @Test
    void firstDeployYieldsExactlyTheObjectsOfTheSeed() {
        List<JsonNode> documents = Manifests.documents(
                Manifests.firstDeployYaml(TestFiles.KUBEVELA_REFERENCE.resolve("first-deploy.yaml"), ISTIO));

        assertThat(namesOf(documents, "Deployment"))
                .containsExactlyInAnyOrder("reviews-v1", "productpage", "ratings", "details");
        assertThat(namesOf(documents, "Service")).containsExactlyInAnyOrder("reviews", "productpage", "ratings",
                "details");
        assertThat(namesOf(documents, "Gateway")).containsExactly("productpage");
        assertThat(namesOf(documents, "VirtualService")).containsExactlyInAnyOrder("reviews", "productpage");
        assertThat(namesOf(documents, "DestinationRule")).containsExactly("reviews");
        assertThat(documents).hasSize(4 + 4 + 1 + 2 + 1);
        assertThat(stream(Manifests.find(documents, "DestinationRule", "reviews").at("/spec/subsets"))
                .map(s -> s.path("name").asText()).toList()).containsExactly("reviews-v1");
        assertThat(Manifests.find(documents, "Deployment", "reviews-v1").at("/spec/replicas").asInt()).isEqualTo(2);
        for (String single : List.of("productpage", "ratings", "details")) {
            assertThat(Manifests.find(documents, "Deployment", single).at("/spec/replicas").asInt()).isEqualTo(1);
        }
    }

    @Test
    void threeBatchCanaryStartsWithItsWholeTargetSizeOnV1() {
        List<JsonNode> documents = Manifests.documents(Manifests.firstDeployYaml(
                TestFiles.EXAMPLES.resolve("three-batch-canary/v1.yaml"), ISTIO));
        assertThat(Manifests.find(documents, "Deployment", "catalog-v1").at("/spec/replicas").asInt()).isEqualTo(6);
        assertThat(namesOf(documents, "VirtualService")).containsExactly("frontend", "catalog");
        assertThat(namesOf(documents, "Gateway")).containsExactly("frontend");
        assertThat(strings(Manifests.find(documents, "Gateway", "frontend").at("/spec/servers/0/hosts")))
                .containsExactly("shop.example.com");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"first-deploy", "rollout-v2", "rollback"})
    void bookinfoExamplesRenderExactlyAsTheUpstreamFiles(String name) {
        assertThat(Manifests.firstDeployYaml(TestFiles.EXAMPLES.resolve("bookinfo/" + name + ".yaml"), ISTIO))
                .isEqualTo(Manifests.firstDeployYaml(TestFiles.KUBEVELA_REFERENCE.resolve(name + ".yaml"), ISTIO));
    }

    @Test
    void everyComponentWithRolloutRendersAtItsTargetSize() {
        for (Source source : TestFiles.allSources()) {
            Application application = TestFiles.load(source.file());
            List<JsonNode> documents = render(source);
            for (Component component : application.components()) {
                component.rollout().map(RolloutTrait::properties).ifPresent(rollout ->
                        assertThat(Manifests.find(documents, "Deployment", component.name() + "-v1")
                                .at("/spec/replicas").asInt()).as("%s in %s", component.name(), source)
                                .isEqualTo(rollout.targetSize()));
            }
        }
    }

    private static String label(JsonNode document, String key) {
        return document.path("metadata").path("labels").path(key).asText(null);
    }

    /** Whether every key/value of {@code subset} is in {@code labels} (and subset is a non-empty object). */
    private static boolean contains(JsonNode labels, JsonNode subset) {
        if (!subset.isObject() || subset.isEmpty()) {
            return false;
        }
        return stream(subset.fieldNames()).allMatch(k -> subset.get(k).equals(labels.get(k)));
    }

    private static Map<String, JsonNode> byName(List<JsonNode> documents, String kind) {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode document : Manifests.ofKind(documents, kind)) {
            assertThat(byName.put(Manifests.name(document), document)).as("%s rendered twice",
                    Manifests.describe(document)).isNull();
        }
        return byName;
    }

    private static List<String> namesOf(List<JsonNode> documents, String kind) {
        return Manifests.ofKind(documents, kind).stream().map(Manifests::name).toList();
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is a list", array).isTrue();
        return stream(array).map(JsonNode::asText).toList();
    }

    private static <T> Stream<T> stream(Iterable<T> items) {
        return StreamSupport.stream(items.spliterator(), false);
    }

    private static <T> Stream<T> stream(java.util.Iterator<T> items) {
        List<T> all = new ArrayList<>();
        items.forEachRemaining(all::add);
        return all.stream();
    }

    private static JsonNode missing() {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
