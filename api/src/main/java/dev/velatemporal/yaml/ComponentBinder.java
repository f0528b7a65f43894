package dev.velatemporal.yaml;

import dev.velatemporal.model.CanaryTrafficTrait;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.ExposeTrait;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.model.Trait;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.WebserviceProperties.EnvVar;
import dev.velatemporal.model.WebserviceProperties.Volume;
import java.util.List;

/** Binds {@code spec.components[*]}: a webservice's properties and its traits. */
final class ComponentBinder {

    private static final List<String> COMPONENT_TYPES = List.of(Component.WEBSERVICE);

    Component bind(YamlField field) {
        YamlMap map = field.map().orElse(null);
        if (map == null) {
            return null;
        }
        map.allowOnly(List.of("name", "type", "properties", "traits"));
        String name = map.field("name").requiredString();
        YamlField typeField = map.field("type");
        String type = typeField.requiredString();
        WebserviceProperties properties;
        if (type.equals(Component.WEBSERVICE)) {
            properties = webservice(map.field("properties").requiredMap());
        } else {
            if (!type.isEmpty()) {
                typeField.report("unknown component type \"" + type + "\"; supported: "
                        + String.join(", ", COMPONENT_TYPES));
            }
            properties = WebserviceProperties.ofImage("");
        }
        // Trait ports default to the component's port, so resolve the properties first.
        int port = properties.port();
        return new Component(name, type, properties, map.field("traits").list(trait -> trait(trait, port)));
    }

    private WebserviceProperties webservice(YamlMap map) {
        map.allowOnly(List.of("image", "port", "cmd", "env", "cpu", "memory", "imagePullPolicy", "volumes"));
        return new WebserviceProperties(
                map.field("image").requiredString(),
                map.field("port").integer(WebserviceProperties.DEFAULT_PORT),
                map.field("cmd").list(YamlField::string),
                map.field("env").list(this::envVar),
                map.field("cpu").string(),
                map.field("memory").string(),
                map.field("imagePullPolicy").string(),
                map.field("volumes").list(this::volume));
    }

    private EnvVar envVar(YamlField field) {
        return field.map().map(map -> {
            map.allowOnly(List.of("name", "value"));
            return new EnvVar(map.field("name").requiredString(), map.field("value").string(""));
        }).orElse(null);
    }

    private Volume volume(YamlField field) {
        return field.map().map(map -> {
            map.allowOnly(List.of("name", "type", "mountPath", "claimName", "cmName", "secretName", "medium"));
            return new Volume(
                    map.field("name").requiredString(),
                    map.field("type").requiredString(),
                    map.field("mountPath").requiredString(),
                    map.field("claimName").string(),
                    map.field("cmName").string(),
                    map.field("secretName").string(),
                    map.field("medium").string());
        }).orElse(null);
    }

    private Trait trait(YamlField field, int componentPort) {
        YamlMap map = field.map().orElse(null);
        if (map == null) {
            return null;
        }
        map.allowOnly(List.of("type", "properties"));
        YamlField typeField = map.field("type");
        String type = typeField.requiredString();
        YamlMap properties = map.field("properties").mapOrEmpty();
        switch (type) {
            case ExposeTrait.TYPE:
                return expose(properties);
            case RolloutTrait.TYPE:
                return rollout(properties);
            case CanaryTrafficTrait.TYPE:
                return canaryTraffic(properties, componentPort);
            case IstioGatewayTrait.TYPE:
                return istioGateway(properties, componentPort);
            case "":
                return null;
            default:
                typeField.report("unknown trait type \"" + type + "\"; supported: " + String.join(", ", Trait.TYPES));
                return null;
        }
    }

    private ExposeTrait expose(YamlMap map) {
        map.allowOnly(List.of("port", "type"));
        YamlField port = map.field("port");
        if (!port.isPresent()) {
            port.report("is required: the ports to expose");
        }
        return new ExposeTrait(new ExposeTrait.Properties(
                port.listOrSingle(YamlField::integer), map.field("type").string("ClusterIP")));
    }

    private RolloutTrait rollout(YamlMap map) {
        map.allowOnly(List.of("targetSize", "rolloutBatches", "batchPartition", "progressDeadlineSeconds"));
        int targetSize = map.field("targetSize").requiredInteger();
        YamlField batchList = map.field("rolloutBatches");
        List<RolloutTrait.Batch> batches = batchList.isPresent()
                ? batchList.list(this::batch)
                : List.of(new RolloutTrait.Batch(targetSize));
        return new RolloutTrait(new RolloutTrait.Properties(
                targetSize,
                batches,
                map.field("batchPartition").integer(),
                map.field("progressDeadlineSeconds").integer(RolloutTrait.DEFAULT_PROGRESS_DEADLINE_SECONDS)));
    }

    private RolloutTrait.Batch batch(YamlField field) {
        return field.map().map(map -> {
            map.allowOnly(List.of("replicas"));
            return new RolloutTrait.Batch(map.field("replicas").requiredInteger());
        }).orElse(null);
    }

    private CanaryTrafficTrait canaryTraffic(YamlMap map, int componentPort) {
        map.allowOnly(List.of("port"));
        YamlField port = map.field("port");
        return new CanaryTrafficTrait(new CanaryTrafficTrait.Properties(
                port.isPresent() ? port.listOrSingle(YamlField::integer) : List.of(componentPort)));
    }

    private IstioGatewayTrait istioGateway(YamlMap map, int componentPort) {
        map.allowOnly(List.of("hosts", "gateway", "match", "port"));
        YamlField hosts = map.field("hosts");
        if (!hosts.isPresent()) {
            hosts.report("is required: the hosts the gateway accepts, e.g. [\"*\"]");
        }
        return new IstioGatewayTrait(new IstioGatewayTrait.Properties(
                hosts.listOrSingle(YamlField::string),
                map.field("gateway").string(IstioGatewayTrait.DEFAULT_GATEWAY),
                map.field("match").list(this::uriMatch),
                map.field("port").integer(componentPort)));
    }

    private IstioGatewayTrait.UriMatch uriMatch(YamlField field) {
        return field.map().map(map -> {
            map.allowOnly(List.of("exact", "prefix", "regex"));
            return new IstioGatewayTrait.UriMatch(
                    map.field("exact").string(), map.field("prefix").string(), map.field("regex").string());
        }).orElse(null);
    }
}
