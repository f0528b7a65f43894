package dev.velatemporal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.testsupport.TestFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The parts of the renderers a first deploy does not show, so the goldens do not cover them. */
class RenderersTest {

    private static final String REVISION = Golden.escape(OamLabels.REVISION);

    private final Application bookinfo = TestFiles.upstream("first-deploy.yaml");
    private final Component reviews = bookinfo.component("reviews").orElseThrow();

    /** A canary component with both expose and canary-traffic, and a gateway component with every option. */
    private final Application shop = TestFiles.parse("""
            apiVersion: core.oam.dev/v1beta1
            kind: Application
            metadata:
              name: shop
              namespace: team-a
            spec:
              components:
                - name: catalog
                  type: webservice
                  properties:
                    image: example.com/catalog:1.0
                    port: 8080
                    cmd: ["/catalog", "--listen=:8080"]
                    imagePullPolicy: Always
                    volumes:
                      - {name: cache, type: emptyDir, medium: Memory, mountPath: /cache}
                      - {name: creds, type: secret, secretName: catalog-creds, mountPath: /etc/creds}
                      - {name: data, type: pvc, claimName: catalog-data, mountPath: /data}
                  traits:
                    - type: expose
                      properties:
                        port: [80, 8080]
                        type: NodePort
                    - type: canary-traffic
                      properties:
                        port: [8080, 9090]
                    - type: rollout
                      properties:
                        targetSize: 3
                - name: edge
                  type: webservice
                  properties:
                    image: example.com/edge:1.0
                    port: 8443
                  traits:
                    - type: expose
                      properties:
                        port: [8443]
                    - type: istio-gateway
                      properties:
                        hosts: [shop.example.com, www.shop.example.com]
                        gateway: internal-gateway
                        match:
                          - regex: ^/api/v[0-9]+/.*
                - name: admin
                  type: webservice
                  properties:
                    image: example.com/admin:1.0
                  traits:
                    - type: expose
                      properties:
                        port: [80]
                    - type: istio-gateway
                      properties:
                        hosts: ["*"]
                - name: mailer
                  type: webservice
                  properties:
                    image: example.com/mailer:1.0
            """);

    // --- VirtualService of canary-traffic ---------------------------------------------------------------------

    @Test
    void canaryWeightsMakeOneRouteDestinationPerRevisionWithSubsetAndWeight() {
        JsonNode vs = Manifests.tree(new VirtualServiceRenderer().canary(bookinfo, reviews,
                List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10)), IstioApiVersion.V1));

        assertThat(vs.path("kind").asText()).isEqualTo("VirtualService");
        assertThat(vs.at("/metadata/name").asText()).isEqualTo("reviews");
        assertThat(vs.at("/spec/hosts/0").asText()).isEqualTo("reviews");
        assertThat(vs.at("/spec/http")).hasSize(1);
        JsonNode routes = vs.at("/spec/http/0/route");
        assertThat(routes).hasSize(2);
        assertThat(routes.at("/0/destination/host").asText()).isEqualTo("reviews");
        assertThat(routes.at("/0/destination/subset").asText()).isEqualTo("reviews-v1");
        assertThat(routes.at("/0/weight").isInt()).isTrue();
        assertThat(routes.at("/0/weight").asInt()).isEqualTo(90);
        assertThat(routes.at("/1/destination/host").asText()).isEqualTo("reviews");
        assertThat(routes.at("/1/destination/subset").asText()).isEqualTo("reviews-v2");
        assertThat(routes.at("/1/weight").asInt()).isEqualTo(10);
    }

    @Test
    void aSingleFullWeightRoutesEverythingToThatRevisionsSubset() {
        JsonNode vs = Manifests.tree(new VirtualServiceRenderer().canary(bookinfo, reviews,
                List.of(new RouteWeight("reviews-v2", 100)), IstioApiVersion.V1));

        assertThat(vs.at("/spec/http/0/route")).hasSize(1);
        assertThat(vs.at("/spec/http/0/route/0/destination/subset").asText()).isEqualTo("reviews-v2");
        assertThat(vs.at("/spec/http/0/route/0/weight").asInt()).isEqualTo(100);
    }

    @Test
    void noWeightsRouteToTheHostAsAWhole() {
        JsonNode vs = Manifests.tree(new VirtualServiceRenderer().canary(bookinfo, reviews, List.of(),
                IstioApiVersion.V1));

        assertThat(vs.at("/spec/http/0/route")).hasSize(1);
        assertThat(vs.at("/spec/http/0/route/0/destination/host").asText()).isEqualTo("reviews");
        assertThat(vs.at("/spec/http/0/route/0/destination/subset").isMissingNode()).isTrue();
        assertThat(vs.at("/spec/http/0/route/0/weight").isMissingNode()).isTrue();
    }

    // --- DestinationRule --------------------------------------------------------------------------------------

    @Test
    void twoRevisionsMakeTwoSubsetsSelectingEachRevisionsPods() {
        JsonNode rule = Manifests.tree(new DestinationRuleRenderer().render(bookinfo, reviews,
                List.of("reviews-v1", "reviews-v2"), IstioApiVersion.V1));

        assertThat(rule.at("/metadata/name").asText()).isEqualTo("reviews");
        assertThat(rule.at("/spec/host").asText()).isEqualTo("reviews");
        assertThat(rule.at("/spec/subsets")).hasSize(2);
        assertThat(rule.at("/spec/subsets/0/name").asText()).isEqualTo("reviews-v1");
        assertThat(rule.at("/spec/subsets/0/labels")).hasSize(1);
        assertThat(rule.at("/spec/subsets/0/labels/" + REVISION).asText()).isEqualTo("reviews-v1");
        assertThat(rule.at("/spec/subsets/1/name").asText()).isEqualTo("reviews-v2");
        assertThat(rule.at("/spec/subsets/1/labels/" + REVISION).asText()).isEqualTo("reviews-v2");
    }

    @Test
    void aSubsetSelectsThePodsOfTheRevisionsDeployment() {
        JsonNode subset = Manifests.tree(new DestinationRuleRenderer().render(bookinfo, reviews,
                List.of("reviews-v2"), IstioApiVersion.V1)).at("/spec/subsets/0/labels");
        JsonNode pods = Manifests.tree(new DeploymentRenderer().render(bookinfo, reviews, "reviews-v2",
                reviews.properties(), 1)).at("/spec/template/metadata/labels");

        subset.fieldNames().forEachRemaining(key -> assertThat(pods.path(key)).as(key).isEqualTo(subset.get(key)));
    }

    // --- Istio API versions -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IstioApiVersion.class)
    void everyIstioObjectTakesTheRequestedApiVersion(IstioApiVersion version) {
        Component edge = shop.component("edge").orElseThrow();
        IstioGatewayTrait gateway = edge.trait(IstioGatewayTrait.class).orElseThrow();
        List<JsonNode> objects = List.of(
                Manifests.tree(new VirtualServiceRenderer().canary(bookinfo, reviews,
                        List.of(new RouteWeight("reviews-v1", 100)), version)),
                Manifests.tree(new VirtualServiceRenderer().gateway(shop, edge, gateway, version)),
                Manifests.tree(new DestinationRuleRenderer().render(bookinfo, reviews, List.of("reviews-v1"), version)),
                Manifests.tree(new GatewayRenderer().render(shop, edge, gateway, version)));

        assertThat(objects).extracting(o -> o.path("apiVersion").asText()).containsOnly(version.apiVersion());
        assertThat(objects).extracting(Manifests::kind)
                .containsExactly("VirtualService", "VirtualService", "DestinationRule", "Gateway");
    }

    @Test
    void v1beta1IsNetworkingIstioIoV1beta1InAWholeFirstDeploy() {
        List<JsonNode> documents = Manifests.documents(Manifests.firstDeployYaml(bookinfo, IstioApiVersion.V1BETA1));

        List<String> istio = List.of("VirtualService", "DestinationRule", "Gateway");
        assertThat(documents).filteredOn(d -> istio.contains(Manifests.kind(d))).hasSize(4)
                .extracting(d -> d.path("apiVersion").asText()).containsOnly("networking.istio.io/v1beta1");
        assertThat(documents).filteredOn(d -> Manifests.kind(d).equals("Deployment"))
                .extracting(d -> d.path("apiVersion").asText()).containsOnly("apps/v1");
        assertThat(documents).filteredOn(d -> Manifests.kind(d).equals("Service"))
                .extracting(d -> d.path("apiVersion").asText()).containsOnly("v1");
    }

    @Test
    void istioApiVersionsParseFromTheirShortOrFullNames() {
        assertThat(IstioApiVersion.parse("v1beta1")).isEqualTo(IstioApiVersion.V1BETA1);
        assertThat(IstioApiVersion.parse("networking.istio.io/v1alpha3")).isEqualTo(IstioApiVersion.V1ALPHA3);
        assertThat(IstioApiVersion.V1.apiVersion()).isEqualTo("networking.istio.io/v1");
        assertThatThrownBy(() -> IstioApiVersion.parse("v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v2").hasMessageContaining("v1, v1beta1, v1alpha3");
    }

    // --- Service ----------------------------------------------------------------------------------------------

    @Test
    void exposeAndCanaryTrafficShareOneServiceWithTheUnionOfTheirPorts() {
        JsonNode service = Manifests.tree(new ServiceRenderer().render(shop, shop.component("catalog").orElseThrow())
                .orElseThrow());

        assertThat(service.at("/metadata/name").asText()).isEqualTo("catalog");
        assertThat(service.at("/metadata/namespace").asText()).isEqualTo("team-a");
        assertThat(service.at("/spec/type").asText()).as("the expose trait's type").isEqualTo("NodePort");
        assertThat(service.at("/spec/selector").toString())
                .isEqualTo("{\"" + OamLabels.COMPONENT + "\":\"catalog\"}");
        assertThat(ports(service)).containsExactly(
                "port-80 80->80 TCP", "http-8080 8080->8080 TCP", "http-9090 9090->9090 TCP");
    }

    @Test
    void exposeAloneNamesPortsPortN() {
        Component ratings = bookinfo.component("ratings").orElseThrow();
        JsonNode service = Manifests.tree(new ServiceRenderer().render(bookinfo, ratings).orElseThrow());

        assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
        assertThat(ports(service)).containsExactly("port-9080 9080->9080 TCP");
    }

    @Test
    void canaryTrafficAloneNamesPortsHttpNForIstio() {
        JsonNode service = Manifests.tree(new ServiceRenderer().render(bookinfo, reviews).orElseThrow());

        assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
        assertThat(ports(service)).containsExactly("http-9080 9080->9080 TCP");
    }

    @Test
    void aComponentWithNeitherExposeNorCanaryTrafficHasNoService() {
        assertThat(new ServiceRenderer().render(shop, shop.component("mailer").orElseThrow())).isEmpty();
    }

    private static List<String> ports(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.at("/spec/ports")) {
            ports.add(port.path("name").asText() + " " + port.path("port").asInt() + "->"
                    + port.path("targetPort").asText() + " " + port.path("protocol").asText());
        }
        return ports;
    }

    // --- Deployment -------------------------------------------------------------------------------------------

    @Test
    void deploymentCarriesCommandPullPolicyAndEveryVolumeType() {
        Component catalog = shop.component("catalog").orElseThrow();
        JsonNode deployment = Manifests.tree(new DeploymentRenderer().render(shop, catalog, "catalog-v3",
                catalog.properties(), 0));

        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("catalog-v3");
        assertThat(deployment.at("/spec/replicas").isInt()).as("0 replicas is written, not left out").isTrue();
        assertThat(deployment.at("/spec/replicas").asInt()).isZero();
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.path("name").asText()).isEqualTo("catalog");
        assertThat(container.path("command").toString()).isEqualTo("[\"/catalog\",\"--listen=:8080\"]");
        assertThat(container.path("args").isMissingNode()).isTrue();
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(container.path("resources").isMissingNode()).as("no cpu/memory: no resources").isTrue();
        assertThat(container.path("volumeMounts").toString()).isEqualTo("[{\"mountPath\":\"/cache\",\"name\":\"cache\"},"
                + "{\"mountPath\":\"/etc/creds\",\"name\":\"creds\"},{\"mountPath\":\"/data\",\"name\":\"data\"}]");
        JsonNode volumes = deployment.at("/spec/template/spec/volumes");
        assertThat(volumes).hasSize(3);
        assertThat(volumes.at("/0/emptyDir/medium").asText()).isEqualTo("Memory");
        assertThat(volumes.at("/1/secret/secretName").asText()).isEqualTo("catalog-creds");
        assertThat(volumes.at("/2/persistentVolumeClaim/claimName").asText()).isEqualTo("catalog-data");
        assertThat(deployment.at("/spec/template/metadata/labels/" + REVISION).asText()).isEqualTo("catalog-v3");
    }

    @Test
    void aDeploymentOfARecordedRevisionRunsThatRevisionsWorkload() {
        Application rolloutV2 = TestFiles.upstream("rollout-v2.yaml");
        Component reviewsNow = rolloutV2.component("reviews").orElseThrow();
        // Recreating reviews-v1 while the spec already says reviews-v2's image.
        JsonNode deployment = Manifests.tree(new DeploymentRenderer().render(rolloutV2, reviewsNow, "reviews-v1",
                reviews.properties(), 2));

        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("reviews-v1");
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("docker.io/istio/examples-bookinfo-reviews-v2:1.16.2");
        assertThat(deployment.at("/spec/selector/matchLabels/" + REVISION).asText()).isEqualTo("reviews-v1");
    }

    // --- Gateway and its VirtualService -----------------------------------------------------------------------

    @Test
    void gatewaySelectsTheNamedGatewayPodsAndAcceptsTheHosts() {
        Component edge = shop.component("edge").orElseThrow();
        JsonNode gateway = Manifests.tree(new GatewayRenderer().render(shop, edge,
                edge.trait(IstioGatewayTrait.class).orElseThrow(), IstioApiVersion.V1));

        assertThat(gateway.at("/spec/selector").toString()).isEqualTo("{\"istio\":\"internal-gateway\"}");
        assertThat(gateway.at("/spec/servers/0/port/number").asInt()).isEqualTo(80);
        assertThat(gateway.at("/spec/servers/0/port/protocol").asText()).isEqualTo("HTTP");
        assertThat(gateway.at("/spec/servers/0/port/name").asText()).isNotEmpty();
        assertThat(gateway.at("/spec/servers/0/hosts").toString())
                .isEqualTo("[\"shop.example.com\",\"www.shop.example.com\"]");
    }

    @Test
    void gatewayRoutesGoToTheComponentPortWithRegexMatches() {
        Component edge = shop.component("edge").orElseThrow();
        JsonNode vs = Manifests.tree(new VirtualServiceRenderer().gateway(shop, edge,
                edge.trait(IstioGatewayTrait.class).orElseThrow(), IstioApiVersion.V1));

        assertThat(vs.at("/spec/gateways").toString()).isEqualTo("[\"edge\"]");
        assertThat(vs.at("/spec/hosts").toString()).isEqualTo("[\"shop.example.com\",\"www.shop.example.com\"]");
        assertThat(vs.at("/spec/http/0/match").toString()).isEqualTo("[{\"uri\":{\"regex\":\"^/api/v[0-9]+/.*\"}}]");
        assertThat(vs.at("/spec/http/0/route/0/destination/host").asText()).isEqualTo("edge");
        assertThat(vs.at("/spec/http/0/route/0/destination/port/number").asInt())
                .as("istio-gateway's port defaults to the component's").isEqualTo(8443);
    }

    @Test
    void gatewayWithoutMatchesRoutesEveryRequest() {
        Component admin = shop.component("admin").orElseThrow();
        JsonNode vs = Manifests.tree(new VirtualServiceRenderer().gateway(shop, admin,
                admin.trait(IstioGatewayTrait.class).orElseThrow(), IstioApiVersion.V1));

        JsonNode match = vs.at("/spec/http/0/match");
        assertThat(match.isMissingNode() || match.isEmpty()).as("no match conditions: %s", match).isTrue();
        assertThat(vs.at("/spec/http/0/route/0/destination/host").asText()).isEqualTo("admin");
        assertThat(vs.at("/spec/http/0/route/0/destination/port/number").asInt()).isEqualTo(80);
    }
}
