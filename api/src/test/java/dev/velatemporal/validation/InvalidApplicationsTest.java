package dev.velatemporal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user sees for an invalid Application: every case starts from {@link #BASE}, a valid Application using
 * every component, trait and step type, changes one thing, and pins the exact problems reported (field path, full
 * message and, where it says something, the line).
 */
class InvalidApplicationsTest {

    static final String BASE = """
            apiVersion: core.oam.dev/v1beta1
            kind: Application
            metadata:
              name: shop
              namespace: default
            spec:
              components:
                - name: web
                  type: webservice
                  properties:
                    image: nginx:1.25
                    port: 5000
                  traits:
                    - type: rollout
                      properties:
                        targetSize: 3
                        rolloutBatches:
                          - replicas: 1
                          - replicas: 2
                    - type: canary-traffic
                      properties:
                        port: [5000]
                - name: front
                  type: webservice
                  properties:
                    image: front:1
                  traits:
                    - type: expose
                      properties:
                        port: [80]
                    - type: istio-gateway
                      properties:
                        hosts: ["*"]
                        match:
                          - prefix: /
                        port: 80
              workflow:
                steps:
                  - name: first-batch
                    type: canary-rollout
                    properties:
                      batchPartition: 0
                      traffic:
                        weightedTargets:
                          - revision: web-v1
                            weight: 70
                          - revision: web-v2
                            weight: 30
                  - name: approve
                    type: suspend
                  - name: rest
                    type: canary-rollout
                    properties:
                      batchPartition: 1
                      traffic:
                        weightedTargets: [{revision: web-v2, weight: 100}]
            """;

    private static final String WEB = "spec.components[0]";
    private static final String FRONT = "spec.components[1]";
    private static final String ROLLOUT = WEB + ".traits[0].properties";
    private static final String CANARY = WEB + ".traits[1]";
    private static final String EXPOSE = FRONT + ".traits[0].properties";
    private static final String GATEWAY = FRONT + ".traits[1].properties";
    private static final String STEP0 = "spec.workflow.steps[0]";
    private static final String STEP1 = "spec.workflow.steps[1]";
    private static final String STEP2 = "spec.workflow.steps[2]";
    private static final String TARGETS0 = STEP0 + ".properties.traffic.weightedTargets";
    private static final String TARGETS2 = STEP2 + ".properties.traffic.weightedTargets";

    private final ApplicationLoader loader = new ApplicationLoader();

    static YamlText base() {
        return new YamlText(BASE);
    }

    @Test
    void theBaseApplicationIsValid() {
        LoadResult result = new ApplicationLoader().parse(BASE);

        assertThat(result.problems()).isEmpty();
        assertThat(result.applications()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedProblems(Case c) {
        LoadResult result = loader.parse(c.yaml().text());

        assertThat(result.applications()).as("applications of an invalid file").isEmpty();
        assertThat(result.problems())
                .extracting(Problem::path, Problem::message)
                .containsExactlyElementsOf(c.expected().stream().map(Expected::pathAndMessage).toList());
        for (int i = 0; i < c.expected().size(); i++) {
            Expected expected = c.expected().get(i);
            Problem problem = result.problems().get(i);
            if (expected.line() != null) {
                assertThat(problem.line()).as("line of %s", problem).isEqualTo(expected.line().in(c.yaml()));
            }
            if (expected.column() != null) {
                assertThat(problem.column()).as("column of %s", problem).isEqualTo(expected.column());
            }
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // --- apiVersion, kind, top level
        cases.add(invalid("wrong apiVersion",
                base().replace("core.oam.dev/v1beta1", "core.oam.dev/v1alpha2"),
                problem("apiVersion", "must be core.oam.dev/v1beta1, not core.oam.dev/v1alpha2", "v1alpha2")));
        cases.add(invalid("wrong kind",
                base().replace("kind: Application", "kind: Deployment"),
                problem("kind", "must be Application, not Deployment", "kind: Deployment")));
        cases.add(invalid("apiVersion missing",
                base().removeLine("apiVersion:"),
                problem("apiVersion", "is required", "kind: Application")));
        cases.add(invalid("unknown top-level field",
                base().append("status: {}\n"),
                problem("status", "unknown field \"status\"; known fields: apiVersion, kind, metadata, spec",
                        "status:")));

        // --- metadata
        cases.add(invalid("app name with capitals and underscore",
                base().replace("name: shop", "name: Shop_1"),
                problem("metadata.name", dns1123("Shop_1"), "name: Shop_1")));
        String name64 = "s".repeat(64);
        cases.add(invalid("app name of 64 characters",
                base().replace("name: shop", "name: " + name64),
                problem("metadata.name", dns1123(name64), name64)));
        cases.add(invalid("namespace with a dot",
                base().replace("namespace: default", "namespace: team.a"),
                problem("metadata.namespace", dns1123("team.a"), "namespace: team.a")));
        cases.add(invalid("namespace that YAML reads as a boolean",
                base().replace("namespace: default", "namespace: no"),
                problem("metadata.namespace",
                        "must be a string, not the boolean no (quote it to mean the text: \"no\")", "namespace:")));
        cases.add(invalid("metadata.name missing",
                base().removeLine("name: shop"),
                problem("metadata.name", "is required", "metadata:")));

        // --- components
        cases.add(invalid("spec.components missing",
                base().removeBlock("  components:"),
                problem("spec.components", "is required: an Application needs at least one component",
                        "spec:")));
        cases.add(invalid("spec.components empty",
                base().removeBlock("  components:").addBefore("  workflow:", "components: []"),
                problem("spec.components", "must list at least one component", "components: []")));
        cases.add(invalid("empty entry in spec.components",
                base().addBefore("- name: front", "-"),
                problem(FRONT, "is an empty entry: give it a value or remove the '-'", lineBefore("- name: front"))));
        cases.add(invalid("component name starting with a digit",
                base().replace("name: front", "name: 1front"),
                problem(FRONT + ".name", dns1035("1front") + " (it names the component's Service)", "1front")));
        cases.add(invalid("component name with capitals",
                base().replace("name: front", "name: Front"),
                problem(FRONT + ".name", dns1035("Front") + " (it names the component's Service)", "Front")));
        String name58 = "f".repeat(58);
        cases.add(invalid("component name of 58 characters",
                base().replace("name: front", "name: " + name58),
                problem(FRONT + ".name", "is 58 characters long; component names may have at most 57, so that "
                        + "revision names (<name>-v<N>) stay within Kubernetes' 63", name58)));
        cases.add(invalid("duplicate component names",
                base().replace("name: front", "name: 'web'"),
                problem(FRONT + ".name", "duplicate component name \"web\" (also spec.components[0])", "'web'")));
        cases.add(invalid("unknown component type",
                base().replace("name: front\n      type: webservice", "name: front\n      type: worker"),
                problem(FRONT + ".type", "unknown component type \"worker\"; supported: webservice",
                        "type: worker")));
        cases.add(invalid("component type missing",
                base().replace("name: front\n      type: webservice\n", "name: front\n"),
                problem(FRONT + ".type", "is required", "name: front")));
        cases.add(invalid("component name missing",
                base().replace("- name: front\n      type: webservice", "- type: webservice"),
                problem(FRONT + ".name", "is required", "- type: webservice")));

        // --- webservice properties
        cases.add(invalid("image missing",
                base().removeLine("image: nginx:1.25"),
                problem(WEB + ".properties.image", "is required", onFirst("properties:", "name: web"))));
        cases.add(invalid("image with white space",
                base().replace("image: front:1", "image: \"front 1\""),
                problem(FRONT + ".properties.image",
                        "\"front 1\" is not an image reference: it contains white space", "front 1")));
        cases.add(invalid("image of blanks",
                base().replace("image: front:1", "image: \"  \""),
                problem(FRONT + ".properties.image", "must not be empty", "image: \"  \"")));
        cases.add(invalid("image that YAML reads as a boolean",
                base().replace("image: front:1", "image: true"),
                problem(FRONT + ".properties.image",
                        "must be a string, not the boolean true (quote it to mean the text: \"true\")",
                        "image: true")));
        cases.add(invalid("typo imag: in properties",
                base().replace("image: front:1", "imag: front:1"),
                problem(FRONT + ".properties.image", "is required", onFirst("properties:", "name: front")),
                problem(FRONT + ".properties.imag", "unknown field \"imag\" (did you mean \"image\"?); known fields: image, port, cmd, env, "
                        + "cpu, memory, imagePullPolicy, volumes", "imag:")));
        YamlText duplicateImage = base().addAfter("image: front:1", "image: front:2");
        cases.add(invalid("duplicate YAML key",
                duplicateImage,
                problem(FRONT + ".properties.image", "duplicate key \"image\" (first at line "
                        + duplicateImage.lineOf("image: front:1") + ")", "image: front:2")));
        cases.add(invalid("YAML merge key",
                base().addAfter("image: front:1", "<<: {port: 81}"),
                problem(FRONT + ".properties", "YAML merge keys (<<) are not supported", "<<:")));
        cases.add(invalid("properties that are not a mapping",
                base().replace("      properties:\n        image: front:1", "      properties: front:1"),
                problem(FRONT + ".properties", "must be a mapping, not the string \"front:1\"", "properties: front")));
        cases.add(invalid("component port out of range",
                base().replace("port: 5000", "port: 70000"),
                problem(WEB + ".properties.port", notAPort(70000), "port: 70000")));
        cases.add(invalid("component port zero",
                base().replace("port: 5000", "port: 0"),
                problem(WEB + ".properties.port", notAPort(0), "port: 0")));
        cases.add(invalid("component port as a string",
                base().replace("port: 5000", "port: \"5000\""),
                problem(WEB + ".properties.port", "must be a whole number, not the string \"5000\"", "\"5000\"")));
        cases.add(invalid("component port as a list",
                base().replace("port: 5000", "port: [5000, 5001]"),
                problem(WEB + ".properties.port", "must be a whole number, not a list", "5001")));
        cases.add(invalid("component port as a fraction",
                base().replace("port: 5000", "port: 5000.5"),
                problem(WEB + ".properties.port", "must be a whole number, not the number 5000.5", "5000.5")));
        cases.add(invalid("component port beyond int",
                base().replace("port: 5000", "port: 99999999999"),
                problem(WEB + ".properties.port",
                        "99999999999 is too large for a whole number",
                        "99999999999")));
        cases.add(invalid("environment variable name starting with a digit",
                base().addAfter("image: front:1", "env:", "  - name: 1PORT", "    value: x"),
                problem(FRONT + ".properties.env[0].name", "\"1PORT\" is not a valid environment variable name: "
                        + "letters, digits, '_', '-' and '.', not starting with a digit", "1PORT")));
        cases.add(invalid("duplicate environment variable",
                base().addAfter("image: front:1", "env:", "  - name: MODE", "    value: a", "  - name: 'MODE'"),
                problem(FRONT + ".properties.env[1].name",
                        "duplicate environment variable \"MODE\" (also spec.components[1].properties.env[0])",
                        "'MODE'")));
        cases.add(invalid("cpu that is not a quantity",
                base().addAfter("image: front:1", "cpu: 2 cores"),
                problem(FRONT + ".properties.cpu", "\"2 cores\" is not a Kubernetes quantity, e.g. 0.5 or 500m",
                        "cpu:")));
        cases.add(invalid("memory that is not a quantity",
                base().addAfter("image: front:1", "memory: 1GB"),
                problem(FRONT + ".properties.memory", "\"1GB\" is not a Kubernetes quantity, e.g. 256Mi or 1Gi",
                        "memory:")));
        cases.add(invalid("imagePullPolicy in lower case",
                base().addAfter("image: front:1", "imagePullPolicy: always"),
                problem(FRONT + ".properties.imagePullPolicy",
                        "\"always\" is not a pull policy; supported: Always, IfNotPresent, Never", "always")));
        cases.add(invalid("duplicate volume names",
                base().addAfter("image: front:1", "volumes:",
                        "  - {name: data, type: emptyDir, mountPath: /a}",
                        "  - {name: data, type: emptyDir, mountPath: /b}"),
                problem(FRONT + ".properties.volumes[1].name",
                        "duplicate volume name \"data\" (also spec.components[1].properties.volumes[0])", "/b}")));
        cases.add(invalid("volume name not DNS-1123",
                base().addAfter("image: front:1", "volumes:", "  - {name: Data, type: emptyDir, mountPath: /a}"),
                problem(FRONT + ".properties.volumes[0].name", dns1123("Data"), "Data")));
        cases.add(invalid("unknown volume type",
                base().addAfter("image: front:1", "volumes:", "  - {name: data, type: hostPath, mountPath: /a}"),
                problem(FRONT + ".properties.volumes[0].type",
                        "unknown volume type \"hostPath\"; supported: emptyDir, configMap, secret, pvc", "hostPath")));
        cases.add(invalid("pvc volume without claimName",
                base().addAfter("image: front:1", "volumes:", "  - name: data", "    type: pvc", "    mountPath: /a"),
                problem(FRONT + ".properties.volumes[0].claimName", "is required for a pvc volume", "name: data")));
        cases.add(invalid("secret volume with a claimName",
                base().addAfter("image: front:1", "volumes:",
                        "  - {name: data, type: secret, secretName: s, claimName: c, mountPath: /a}"),
                problem(FRONT + ".properties.volumes[0].claimName",
                        "does not apply to a secret volume (it takes secretName)", "claimName: c")));
        cases.add(invalid("volume mounted at a relative path",
                base().addAfter("image: front:1", "volumes:", "  - {name: data, type: emptyDir, mountPath: data}"),
                problem(FRONT + ".properties.volumes[0].mountPath", "\"data\" must be an absolute path",
                        "mountPath: data")));
        cases.add(invalid("two volumes at one mount path",
                base().addAfter("image: front:1", "volumes:",
                        "  - {name: a, type: emptyDir, mountPath: /data}",
                        "  - {name: b, type: emptyDir, mountPath: /data}"),
                problem(FRONT + ".properties.volumes[1].mountPath",
                        "\"/data\" is already mounted by spec.components[1].properties.volumes[0]", "name: b")));
        cases.add(invalid("emptyDir medium that is not Memory",
                base().addAfter("image: front:1", "volumes:",
                        "  - {name: data, type: emptyDir, mountPath: /a, medium: Disk}"),
                problem(FRONT + ".properties.volumes[0].medium", "\"Disk\" is not a medium; use \"\" or Memory",
                        "Disk")));

        // --- traits
        cases.add(invalid("unknown trait type",
                base().replace("- type: expose", "- type: exposed"),
                problem(FRONT + ".traits[0].type",
                        "unknown trait type \"exposed\"; supported: expose, rollout, canary-traffic, istio-gateway",
                        "exposed"),
                problem(FRONT + ".traits[1]", "istio-gateway routes to Service \"front\", so component \"front\" "
                        + "needs an expose trait too", "- type: istio-gateway")));
        cases.add(invalid("the same trait twice",
                base().addBefore("- type: istio-gateway", "- {type: expose, properties: {port: [81]}}"),
                problem(FRONT + ".traits[1].type",
                        "trait \"expose\" appears twice (also spec.components[1].traits[0])", "port: [81]")));
        cases.add(invalid("unknown field in trait properties",
                base().addAfter("port: [80]", "protocol: TCP"),
                problem(EXPOSE + ".protocol", "unknown field \"protocol\"; known fields: port, type", "TCP")));
        cases.add(invalid("expose port out of range",
                base().replace("port: [80]", "port: [0]"),
                problem(EXPOSE + ".port[0]", notAPort(0), "port: [0]")));
        cases.add(invalid("expose port listed twice",
                base().replace("port: [80]", "port: [80, 80]"),
                problem(EXPOSE + ".port[1]", "port 80 is listed twice", "port: [80, 80]")));
        cases.add(invalid("expose without port",
                base().replace("port: [80]", "type: NodePort"),
                problem(EXPOSE + ".port", "is required: the ports to expose", onFirst("properties:", "type: expose"))));
        cases.add(invalid("expose Service type unknown",
                base().addAfter("port: [80]", "type: Internal"),
                problem(EXPOSE + ".type",
                        "\"Internal\" is not a Service type; supported: ClusterIP, NodePort, LoadBalancer",
                        "Internal")));
        cases.add(invalid("rollout batch with negative replicas",
                base().replace("- replicas: 1", "- replicas: -1"),
                problem(ROLLOUT + ".rolloutBatches[0].replicas", "must not be negative, got -1", "-1")));
        cases.add(invalid("rollout batches not adding up to targetSize",
                base().replace("replicas: 2", "replicas: 3"),
                problem(ROLLOUT + ".rolloutBatches", "replicas add up to 4, must equal targetSize 3",
                        "- replicas: 1")));
        cases.add(invalid("rollout targetSize zero",
                base().replace("targetSize: 3", "targetSize: 0")
                        .replace("replicas: 1", "replicas: 0").replace("replicas: 2", "replicas: 0"),
                problem(ROLLOUT + ".targetSize", "must be at least 1, got 0", "targetSize: 0")));
        cases.add(invalid("rollout targetSize missing",
                base().removeLine("targetSize: 3").removeBlock("rolloutBatches:")
                        .replace("batchPartition: 1", "batchPartition: 0"),
                problem(ROLLOUT + ".targetSize", "is required", onFirst("properties:", "type: rollout"))));
        cases.add(invalid("rollout with an empty list of batches",
                base().removeBlock("rolloutBatches:").addAfter("targetSize: 3", "rolloutBatches: []"),
                problem(ROLLOUT + ".rolloutBatches",
                        "must list at least one batch (leave it out for one batch of targetSize)",
                        "rolloutBatches: []")));
        cases.add(invalid("rollout batchPartition outside the batches",
                base().addAfter("targetSize: 3", "batchPartition: 2"),
                problem(ROLLOUT + ".batchPartition", "2 is outside the batches: must be between 0 and 1",
                        "batchPartition: 2")));
        cases.add(invalid("rollout progressDeadlineSeconds zero",
                base().addAfter("targetSize: 3", "progressDeadlineSeconds: 0"),
                problem(ROLLOUT + ".progressDeadlineSeconds", "must be at least 1, got 0",
                        "progressDeadlineSeconds")));
        cases.add(invalid("canary-traffic port out of range",
                base().replace("port: [5000]", "port: [65536]"),
                problem(CANARY + ".properties.port[0]", notAPort(65536), "65536")));
        cases.add(invalid("canary-traffic port as a string",
                base().replace("port: [5000]", "port: \"5000\""),
                problem(CANARY + ".properties.port", "must be a whole number, not the string \"5000\"",
                        "port: \"5000\"")));
        cases.add(invalid("canary-traffic without rollout",
                base().removeBlock("- type: rollout").removeBlock("  workflow:"),
                problem(WEB + ".traits[0]", "canary-traffic routes between revisions, so component \"web\" needs "
                        + "a rollout trait too", "- type: canary-traffic")));
        cases.add(invalid("canary-traffic and istio-gateway on one component",
                base().addBefore("- type: canary-traffic", "- type: istio-gateway", "  properties: {hosts: [web]}"),
                problem(WEB + ".traits[2]", "canary-traffic and istio-gateway would both render VirtualService "
                        + "\"web\"; put the gateway on a component of its own", "- type: canary-traffic")));
        cases.add(invalid("istio-gateway on a component without a Service",
                base().removeBlock("- type: expose"),
                problem(FRONT + ".traits[0]", "istio-gateway routes to Service \"front\", so component \"front\" "
                        + "needs an expose trait too", "- type: istio-gateway")));
        cases.add(invalid("istio-gateway port out of range",
                base().replace("port: 80\n", "port: 65536\n"),
                problem(GATEWAY + ".port", notAPort(65536), "port: 65536")));
        cases.add(invalid("istio-gateway without hosts",
                base().removeLine("hosts:"),
                problem(GATEWAY + ".hosts", "is required: the hosts the gateway accepts, e.g. [\"*\"]",
                        onFirst("properties:", "type: istio-gateway"))));
        cases.add(invalid("istio-gateway match with exact and prefix",
                base().addAfter("- prefix: /", "  exact: /index.html"),
                problem(GATEWAY + ".match[0]", "must set exactly one of exact, prefix or regex, not 2",
                        "- prefix: /")));
        cases.add(invalid("istio-gateway selector that is not a label value",
                base().addAfter("hosts:", "gateway: istio gateway"),
                problem(GATEWAY + ".gateway", "\"istio gateway\" is not a label value: it selects the gateway pods "
                        + "by their istio label, e.g. ingressgateway", "gateway:")));

        // --- workflow
        cases.add(invalid("unknown step type",
                base().replace("type: suspend", "type: pause"),
                problem(STEP1 + ".type", "unknown step type \"pause\"; supported: apply-component, canary-rollout, "
                        + "suspend, canary-rollback", "type: pause")));
        cases.add(invalid("step type missing",
                base().removeLine("type: suspend"),
                problem(STEP1 + ".type", "is required", "name: approve")));
        cases.add(invalid("step name missing",
                base().replace("- name: approve\n        type: suspend", "- type: suspend"),
                problem(STEP1 + ".name", "is required", "- type: suspend")));
        cases.add(invalid("step name not DNS-1123",
                base().replace("name: approve", "name: Approve"),
                problem(STEP1 + ".name", dns1123("Approve"), "Approve")));
        cases.add(invalid("duplicate step names",
                base().replace("name: rest", "name: 'approve'"),
                problem(STEP2 + ".name", "duplicate step name \"approve\" (also spec.workflow.steps[1])",
                        "'approve'")));
        cases.add(invalid("workflow without steps",
                base().removeBlock("  workflow:").append("  workflow: {}\n"),
                problem("spec.workflow.steps", "is required when spec.workflow is given (leave out spec.workflow to "
                        + "apply every component)", "workflow: {}")));
        cases.add(invalid("workflow with an empty list of steps",
                base().removeBlock("  workflow:").append("  workflow:\n    steps: []\n"),
                problem("spec.workflow.steps", "must list at least one step", "steps: []")));
        cases.add(invalid("unknown field in step properties",
                base().addAfter("batchPartition: 0", "batchSize: 1"),
                problem(STEP0 + ".properties.batchSize",
                        "unknown field \"batchSize\"; known fields: batchPartition, traffic, component", "batchSize")));
        cases.add(invalid("suspend duration that is not a duration",
                base().addAfter("type: suspend", "properties:", "  duration: 5 minutes"),
                problem(STEP1 + ".properties.duration", "\"5 minutes\" is not a duration of at most a year; write it "
                        + "like 30s, 5m or 1h30m", "5 minutes")));
        cases.add(invalid("suspend duration longer than a year",
                base().addAfter("type: suspend", "properties:", "  duration: 8785h"),
                problem(STEP1 + ".properties.duration", "\"8785h\" is not a duration of at most a year; write it "
                        + "like 30s, 5m or 1h30m", "8785h")));
        cases.add(invalid("suspend duration zero",
                base().addAfter("type: suspend", "properties:", "  duration: 0s"),
                problem(STEP1 + ".properties.duration",
                        "must be longer than 0s (leave it out to wait for resume only)", "0s")));
        cases.add(invalid("apply-component of an unknown component",
                base().replace("type: suspend", "type: apply-component")
                        .addAfter("type: apply-component", "properties: {component: db}"),
                problem(STEP1 + ".properties.component", "no component named \"db\"; components: web, front",
                        "component: db")));
        cases.add(invalid("apply-component without component",
                base().replace("type: suspend", "type: apply-component"),
                problem(STEP1 + ".properties.component", "is required", "name: approve")));
        cases.add(invalid("canary-rollout of an unknown component",
                base().addAfter("batchPartition: 0", "component: db"),
                problem(STEP0 + ".properties.component", "no component named \"db\"; components: web, front",
                        "component: db")));
        cases.add(invalid("canary-rollout of a component without rollout and canary-traffic",
                base().addAfter("batchPartition: 0", "component: front"),
                problem(STEP0 + ".properties.component", "canary-rollout needs a component with rollout and "
                        + "canary-traffic traits, but \"front\" has no rollout and no canary-traffic trait",
                        "component: front")));
        cases.add(invalid("canary-rollout of a first component without canary-traffic",
                base().removeBlock("- type: canary-traffic"),
                problem(STEP0, "canary-rollout needs a component with rollout and canary-traffic traits, but \"web\" "
                        + "(the first component; set properties.component to choose another) has no canary-traffic "
                        + "trait", "first-batch"),
                problem(STEP2, "canary-rollout needs a component with rollout and canary-traffic traits, but \"web\" "
                        + "(the first component; set properties.component to choose another) has no canary-traffic "
                        + "trait", "name: rest")));
        cases.add(invalid("canary-rollout batchPartition outside the batches",
                base().replace("batchPartition: 1", "batchPartition: 2"),
                problem(STEP2 + ".properties.batchPartition",
                        "2 is outside the batches of component \"web\": must be between 0 and 1", "batchPartition: 2")));
        cases.add(invalid("canary-rollout batchPartition negative",
                base().replace("batchPartition: 0", "batchPartition: -1"),
                problem(STEP0 + ".properties.batchPartition",
                        "-1 is outside the batches of component \"web\": must be between 0 and 1", "-1")));
        cases.add(invalid("weights adding up to 110 (the contract's example)",
                base().replace("weight: 70", "weight: 80"),
                problem(TARGETS0, "weights add up to 110, must be 100", "- revision: web-v1")));
        cases.add(invalid("weights outside 0..100 even though they add up to 100",
                base().replace("weight: 70", "weight: 110").replace("weight: 30", "weight: -10"),
                problem(TARGETS0 + "[0].weight", "110 is outside 0..100", "weight: 110"),
                problem(TARGETS0 + "[1].weight", "-10 is outside 0..100", "weight: -10")));
        cases.add(invalid("single weight above 100",
                base().replace("weight: 100", "weight: 101"),
                problem(TARGETS2, "weights add up to 101, must be 100", "weight: 101"),
                problem(TARGETS2 + "[0].weight", "101 is outside 0..100", "weight: 101")));
        cases.add(invalid("weight as a fraction",
                base().replace("weight: 30", "weight: 30.5"),
                problem(TARGETS0 + "[1].weight", "must be a whole number, not the number 30.5", "30.5")));
        cases.add(invalid("weightedTargets revision of another component",
                base().replace("revision: web-v1", "revision: reviews-v1"),
                problem(TARGETS0 + "[0].revision", "\"reviews-v1\" is not a revision of component \"web\": "
                        + "revisions are named web-v<N>, e.g. web-v2", "reviews-v1")));
        cases.add(invalid("weightedTargets revision without -v",
                base().replace("revision: web-v1", "revision: web-1"),
                problem(TARGETS0 + "[0].revision", "\"web-1\" is not a revision of component \"web\": "
                        + "revisions are named web-v<N>, e.g. web-v2", "web-1")));
        cases.add(invalid("weightedTargets revision v0",
                base().replace("revision: web-v1", "revision: web-v0"),
                problem(TARGETS0 + "[0].revision", "\"web-v0\" is not a revision of component \"web\": "
                        + "revisions are named web-v<N>, e.g. web-v2", "web-v0")));
        cases.add(invalid("weightedTargets revision listed twice",
                base().replace("revision: web-v1", "revision: 'web-v2'"),
                problem(TARGETS0 + "[1].revision", "revision \"web-v2\" is listed twice (also "
                        + TARGETS0 + "[0])", "- revision: web-v2")));
        cases.add(invalid("weightedTargets empty",
                base().replace("weightedTargets: [{revision: web-v2, weight: 100}]", "weightedTargets: []"),
                problem(TARGETS2, "must list at least one revision and its weight", "weightedTargets: []")));
        cases.add(invalid("traffic without weightedTargets",
                base().replace("weightedTargets: [{revision: web-v2, weight: 100}]", "weightTargets: []"),
                problem(TARGETS2, "is required when traffic is given", onFirst("traffic:", "name: rest")),
                problem(STEP2 + ".properties.traffic.weightTargets",
                        "unknown field \"weightTargets\" (did you mean \"weightedTargets\"?); known fields: weightedTargets", "weightTargets")));
        cases.add(invalid("canary-rollback of a component without rollout and canary-traffic",
                base().replace("type: suspend", "type: canary-rollback")
                        .addAfter("type: canary-rollback", "properties:", "  component: front"),
                problem(STEP1 + ".properties.component", "canary-rollback needs a component with rollout and "
                        + "canary-traffic traits, but \"front\" has no rollout and no canary-traffic trait",
                        "component: front")));
        cases.add(invalid("canary-rollback of a first component without canary-traffic",
                base().removeBlock("- type: canary-traffic").removeBlock("  workflow:")
                        .append("  workflow:\n    steps:\n      - name: undo\n        type: canary-rollback\n"),
                problem(STEP0, "canary-rollback needs a component with rollout and canary-traffic traits, but \"web\" "
                        + "(the first component; set properties.component to choose another) has no canary-traffic "
                        + "trait", "name: undo")));
        cases.add(invalid("canary-rollback of an unknown component",
                base().replace("type: suspend", "type: canary-rollback")
                        .addAfter("type: canary-rollback", "properties: {component: db}"),
                problem(STEP1 + ".properties.component", "no component named \"db\"; components: web, front",
                        "component: db")));

        // --- the file as a whole
        YamlText twice = base().append("---\n" + BASE.replace("name: shop", "name: 'shop'"));
        cases.add(invalid("the same Application twice in one file",
                twice,
                problem("metadata.name", "Application default/shop appears twice in the file (also at line 1)",
                        "'shop'")));
        cases.add(invalid("malformed YAML: a second colon in a plain value",
                base().replace("image: front:1", "image: front:1: x"),
                problemAt("", "not valid YAML: mapping values are not allowed here", "front:1: x",
                        base().replace("image: front:1", "image: front:1: x").columnOf(": x"))));
        cases.add(invalid("malformed YAML: unclosed flow sequence",
                base().replace("hosts: [\"*\"]", "hosts: [\"*\""),
                problemAt("", "not valid YAML: expected ',' or ']', but got <scalar> (while parsing a flow sequence)",
                        "match:", 13)));
        cases.add(invalid("malformed YAML: a tab for indentation",
                base().replace("        image: front:1", "\timage: front:1"),
                problemAt("", "not valid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use "
                        + "\\t(TAB) for indentation) (while scanning for the next token)", "\timage", 1)));
        return cases.stream();
    }

    @Test
    void anApplicationWithSeveralProblemsReportsAllOfThemAtOnce() {
        YamlText yaml = base()
                .replace("name: shop", "name: Shop")
                .replace("port: 5000", "port: 70000")
                .addAfter("port: [80]", "protocol: TCP")
                .replace("weight: 70", "weight: 80")
                .replace("name: rest", "name: first-batch");

        LoadResult result = loader.parse(yaml.text());

        assertThat(result.applications()).isEmpty();
        assertThat(result.problems()).extracting(Problem::path).containsExactly(
                "metadata.name",
                WEB + ".properties.port",
                EXPOSE + ".protocol",
                TARGETS0,
                STEP2 + ".name");
    }

    @Test
    void problemsAreReportedInLineOrderWhateverFoundThem() {
        // Shape problems (found while binding) and rule problems (found later, from the model) interleave.
        YamlText yaml = base()
                .replace("name: shop", "name: Shop")                 // rule
                .replace("port: 5000", "port: \"5000\"")             // shape
                .replace("port: [80]", "port: [0]")                  // rule
                .replace("name: approve", "name: [approve]")         // shape
                .replace("batchPartition: 1", "batchPartition: 7");  // rule

        List<Problem> problems = loader.parse(yaml.text()).problems();

        assertThat(problems).extracting(Problem::path, Problem::line).containsExactly(
                tuple("metadata.name", yaml.lineOf("name: Shop")),
                tuple(WEB + ".properties.port", yaml.lineOf("\"5000\"")),
                tuple(EXPOSE + ".port[0]", yaml.lineOf("port: [0]")),
                tuple(STEP1 + ".name", yaml.lineOf("[approve]")),
                tuple(STEP2 + ".properties.batchPartition", yaml.lineOf("batchPartition: 7")));
        assertThat(problems).extracting(Problem::line).isSorted();
    }

    @Test
    void problemsOfEveryDocumentAreReported() {
        String second = BASE.replace("name: shop", "name: other").replace("port: [80]", "port: [0]");
        String first = BASE.replace("port: 5000", "port: 0");
        YamlText yaml = new YamlText(first + "---\n" + second);

        List<Problem> problems = loader.parse(yaml.text()).problems();

        assertThat(problems).extracting(Problem::path, Problem::line).containsExactly(
                tuple(WEB + ".properties.port", yaml.lineOf("port: 0")),
                tuple(EXPOSE + ".port[0]", yaml.lineOf("port: [0]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedEdges")
    void acceptsValuesRightAtTheEdgeOfTheRules(String name, YamlText yaml) {
        LoadResult result = loader.parse(yaml.text());

        assertThat(result.problems()).isEmpty();
        assertThat(result.applications()).hasSize(1);
    }

    static Stream<Arguments> acceptedEdges() {
        return Stream.of(
                Arguments.of("app name of 63 characters", base().replace("name: shop", "name: " + "s".repeat(63))),
                Arguments.of("component name of 57 characters",
                        base().replace("name: front", "name: " + "f".repeat(57))),
                Arguments.of("port 65535 and port 1",
                        base().replace("port: 5000", "port: 65535").replace("port: [5000]", "port: [1]")),
                Arguments.of("weights 0 and 100",
                        base().replace("weight: 70", "weight: 100").replace("weight: 30", "weight: 0")),
                Arguments.of("a single port without a list", base().replace("port: [80]", "port: 80")),
                Arguments.of("no rolloutBatches: one batch of targetSize", base().removeBlock("rolloutBatches:")
                        .replace("batchPartition: 1", "batchPartition: 0")),
                Arguments.of("suspend for 1.5h", base().addAfter("type: suspend", "properties: {duration: 1.5h}")),
                Arguments.of("Kubernetes quantities", base().addAfter("image: front:1", "cpu: 500m", "memory: 1Gi")),
                Arguments.of("cpu as a YAML number", base().addAfter("image: front:1", "cpu: 0.5")),
                Arguments.of("every kind of volume", base().addAfter("image: front:1", "volumes:",
                        "  - {name: a, type: emptyDir, mountPath: /a, medium: Memory}",
                        "  - {name: b, type: configMap, cmName: cm, mountPath: /b}",
                        "  - {name: c, type: secret, secretName: s, mountPath: /c}",
                        "  - {name: d, type: pvc, claimName: claim, mountPath: /d}")),
                Arguments.of("env with dots, dashes and underscores",
                        base().addAfter("image: front:1", "env: [{name: my.var-1_X, value: '1'}]")),
                Arguments.of("a second canary component chosen by name", base()
                        .removeBlock("- name: front")
                        .addBefore("  workflow:",
                                "  - name: api",
                                "    type: webservice",
                                "    properties: {image: 'api:1'}",
                                "    traits:",
                                "      - {type: rollout, properties: {targetSize: 1}}",
                                "      - {type: canary-traffic}")
                        .append("      - name: api\n"
                                + "        type: canary-rollout\n"
                                + "        properties: {component: api, traffic: {weightedTargets: "
                                + "[{revision: api-v3, weight: 100}]}}\n")));
    }

    // --- known bugs in api main code (see the test report); enable when fixed

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyStrings")
    void anEmptyStringIsNotAValue(String name, YamlText yaml, String path) {
        assertThat(loader.parse(yaml.text()).problems()).extracting(Problem::path).contains(path);
    }

    static Stream<Arguments> emptyStrings() {
        return Stream.of(
                Arguments.of("image \"\"", base().replace("image: front:1", "image: \"\""),
                        FRONT + ".properties.image"),
                Arguments.of("component name \"\"", base().replace("name: front", "name: \"\""), FRONT + ".name"),
                Arguments.of("metadata.name \"\"", base().replace("name: shop", "name: \"\""), "metadata.name"),
                Arguments.of("step name \"\"", base().replace("name: approve", "name: \"\""), STEP1 + ".name"),
                Arguments.of("apply-component component \"\"", base().replace("type: suspend",
                        "type: apply-component\n        properties: {component: \"\"}"),
                        STEP1 + ".properties.component"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("independentProblems")
    void aWrongValueDoesNotHideTheProblemsNextToIt(String name, YamlText yaml, List<String> paths) {
        assertThat(loader.parse(yaml.text()).problems()).extracting(Problem::path)
                .containsExactlyElementsOf(paths);
    }

    static Stream<Arguments> independentProblems() {
        return Stream.of(
                Arguments.of("wrong apiVersion and port 0",
                        base().replace("core.oam.dev/v1beta1", "v1").replace("port: 5000", "port: 0"),
                        List.of("apiVersion", WEB + ".properties.port")),
                Arguments.of("wrong kind and port 0",
                        base().replace("kind: Application", "kind: App").replace("port: 5000", "port: 0"),
                        List.of("kind", WEB + ".properties.port")),
                Arguments.of("boolean namespace and bad name",
                        base().replace("namespace: default", "namespace: no").replace("name: shop", "name: Shop"),
                        List.of("metadata.name", "metadata.namespace")),
                Arguments.of("port as a string and image with white space",
                        base().replace("port: 5000", "port: \"5000\"").replace("image: nginx:1.25", "image: a b"),
                        List.of(WEB + ".properties.image", WEB + ".properties.port")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyListEntries")
    void anEmptyListEntryIsReported(String name, YamlText yaml, String path) {
        assertThat(loader.parse(yaml.text()).problems()).extracting(Problem::path).contains(path);
    }

    static Stream<Arguments> emptyListEntries() {
        return Stream.of(
                Arguments.of("trait", base().addBefore("- type: expose", "-"), FRONT + ".traits[0]"),
                Arguments.of("step", base().addBefore("- name: approve", "-"), STEP1),
                Arguments.of("batch", base().addAfter("- replicas: 2", "-"), ROLLOUT + ".rolloutBatches[2]"),
                Arguments.of("env", base().addAfter("image: front:1", "env: [~]"), FRONT + ".properties.env[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problemsAfterAnUnboundEntry")
    void problemsAfterAnUnboundEntryNameTheirOwnEntry(String name, YamlText yaml, List<Tuple> pathsAndLines) {
        assertThat(loader.parse(yaml.text()).problems()).extracting(Problem::path, Problem::line)
                .containsExactlyElementsOf(pathsAndLines);
    }

    static Stream<Arguments> problemsAfterAnUnboundEntry() {
        YamlText trait = base().replace("- type: expose", "- type: exposed").replace("port: 80\n", "port: 0\n");
        YamlText step = base().replace("type: suspend", "type: pause").replace("batchPartition: 1", "batchPartition: 7");
        YamlText name = base().replace("type: suspend", "type: pause").replace("name: rest", "name: first-batch");
        return Stream.of(
                Arguments.of("gateway port after an unknown trait", trait, List.of(
                        tuple(FRONT + ".traits[0].type", trait.lineOf("exposed")),
                        // With its expose trait unreadable, the component has no Service for the gateway.
                        tuple(FRONT + ".traits[1]", trait.lineOf("- type: istio-gateway")),
                        tuple(GATEWAY + ".port", trait.lineOf("port: 0")))),
                Arguments.of("batchPartition after an unknown step", step, List.of(
                        tuple(STEP1 + ".type", step.lineOf("pause")),
                        tuple(STEP2 + ".properties.batchPartition", step.lineOf("batchPartition: 7")))),
                Arguments.of("duplicate step name after an unknown step", name, List.of(
                        tuple(STEP1 + ".type", name.lineOf("pause")),
                        tuple(STEP2 + ".name", name.lineOf("name: first-batch", "pause")))));
    }

    @Test
    void aMissingTargetSizeIsNotComparedWithTheBatches() {
        YamlText yaml = base().removeLine("targetSize: 3");

        assertThat(loader.parse(yaml.text()).problems()).extracting(Problem::path, Problem::message)
                .containsExactly(tuple(ROLLOUT + ".targetSize", "is required"));
    }

    @Test
    void twoDocumentsWithoutNameAreNotTheSameApplication() {
        String nameless = BASE.replace("  name: shop\n", "");

        assertThat(loader.parse(nameless + "---\n" + nameless).problems())
                .extracting(Problem::path, Problem::message)
                .containsExactly(tuple("metadata.name", "is required"), tuple("metadata.name", "is required"));
    }

    // --- the table

    static String dns1123(String name) {
        return "\"" + name + "\" is not a valid DNS-1123 label: lowercase letters, digits and '-', starting and ending "
                + "with a letter or digit, at most 63 characters";
    }

    static String dns1035(String name) {
        return "\"" + name + "\" is not a valid DNS-1035 label: lowercase letters, digits and '-', starting with a "
                + "letter and ending with a letter or digit, at most 63 characters";
    }

    static String notAPort(int port) {
        return port + " is not a port: must be between 1 and 65535";
    }

    static Case invalid(String name, YamlText yaml, Expected... expected) {
        return new Case(name, yaml, Arrays.asList(expected));
    }

    /** A problem on the line that contains {@code lineMarker}. */
    static Expected problem(String path, String message, String lineMarker) {
        return new Expected(path, message, on(lineMarker), null);
    }

    static Expected problem(String path, String message, Line line) {
        return new Expected(path, message, line, null);
    }

    static Expected problemAt(String path, String message, String lineMarker, int column) {
        return new Expected(path, message, on(lineMarker), column);
    }

    /** The line that contains {@code marker}. */
    static Line on(String marker) {
        return yaml -> yaml.lineOf(marker);
    }

    /** The first line containing {@code marker} after the line containing {@code after}. */
    static Line onFirst(String marker, String after) {
        return yaml -> yaml.lineOf(marker, after);
    }

    /** The line just before the one containing {@code marker}. */
    static Line lineBefore(String marker) {
        return yaml -> yaml.lineOf(marker) - 1;
    }

    /** Where in the YAML text a problem is expected. */
    interface Line {
        int in(YamlText yaml);
    }

    record Expected(String path, String message, Line line, Integer column) {
        Tuple pathAndMessage() {
            return tuple(path, message);
        }
    }

    record Case(String name, YamlText yaml, List<Expected> expected) {
        @Override
        public String toString() {
            return name;
        }
    }
}
