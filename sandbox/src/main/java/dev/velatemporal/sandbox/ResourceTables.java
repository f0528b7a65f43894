package dev.velatemporal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Server-side printing, for the kinds whose {@code kubectl get} columns matter in the dev stack: a real API server
 * answers kubectl's {@code Accept: application/json;as=Table;...} with a Table of per-kind columns (READY,
 * UP-TO-DATE... for Deployments), and kubectl prints it. Given the plain list the CRUD store answers instead,
 * kubectl can only print NAME and AGE, which hides the one thing a canary watcher wants to see: how many of a
 * revision's pods are ready.
 *
 * <p>Columns follow kubectl against a real cluster: the built-in printers for Deployments and Services, Istio's CRD
 * printer columns for VirtualServices and DestinationRules. Other kinds get no table, and kubectl falls back to
 * NAME and AGE. Rows carry the object's metadata ({@code PartialObjectMetadata}, the server default) or the whole
 * object ({@code includeObject=Object}), from which kubectl takes the NAMESPACE column of {@code -A} and the labels
 * of {@code --show-labels}.
 */
final class ResourceTables {

    static final String TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A column: {@code priority} 1 shows only with {@code -o wide}. */
    private record Column(String name, String type, int priority, String description, Function<JsonNode, Object> cell) {}

    private static final Column NAME = new Column("Name", "string", 0, "Name of the object.",
            o -> o.path("metadata").path("name").asText());

    private final Instant now;

    ResourceTables(Instant now) {
        this.now = now;
    }

    /**
     * The Table for an object or list the store answered, or empty when its kind has no columns here (or it cannot
     * be read as one), in which case the plain answer is the better one to give: kubectl prints it as NAME and AGE.
     *
     * @param includeObject the request's {@code includeObject}: {@code None}, {@code Object}, else metadata only
     */
    Optional<String> table(String body, String includeObject) {
        try {
            return convert(body, includeObject);
        } catch (RuntimeException e) {
            return Optional.empty(); // an object shaped unlike any we know: the plain answer still shows it
        }
    }

    private Optional<String> convert(String body, String includeObject) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (answer == null || !answer.isObject()) {
            return Optional.empty();
        }
        List<JsonNode> objects = new ArrayList<>();
        if (answer.path("items").isArray()) {
            answer.path("items").forEach(objects::add);
        } else {
            objects.add(answer);
        }
        // An empty list has no kind to choose columns by; kubectl prints "No resources found" for it either way.
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        List<Column> columns = columnsOf(objects.get(0).path("kind").asText());
        if (columns == null) {
            return Optional.empty();
        }
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", answer.path("metadata").path("resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            definitions.addObject().put("name", column.name()).put("type", column.type())
                    .put("format", column == NAME ? "name" : "").put("description", column.description())
                    .put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.forEach(column -> cells.add(JSON.valueToTree(column.cell().apply(object))));
            if (!"None".equals(includeObject)) {
                row.set("object", "Object".equals(includeObject) ? object : partial(object));
            }
        }
        return Optional.of(table.toString());
    }

    private List<Column> columnsOf(String kind) {
        Column age = new Column("Age", "string", 0, "Time since the object was created.", this::age);
        return switch (kind) {
            case "Deployment" -> List.of(NAME,
                    new Column("Ready", "string", 0, "Ready pods of the desired.",
                            o -> count(o.path("status").path("readyReplicas")) + "/"
                                    + o.path("spec").path("replicas").asInt(1)),
                    new Column("Up-to-date", "integer", 0, "Pods of the latest pod template.",
                            o -> count(o.path("status").path("updatedReplicas"))),
                    new Column("Available", "integer", 0, "Pods available to serve.",
                            o -> count(o.path("status").path("availableReplicas"))),
                    age,
                    new Column("Containers", "string", 1, "Container names.",
                            o -> join(o.path("spec").path("template").path("spec").path("containers"), "name")),
                    new Column("Images", "string", 1, "Container images.",
                            o -> join(o.path("spec").path("template").path("spec").path("containers"), "image")),
                    new Column("Selector", "string", 1, "Pods selected.",
                            o -> labels(o.path("spec").path("selector").path("matchLabels"))));
            case "Service" -> List.of(NAME,
                    new Column("Type", "string", 0, "How the service is exposed.",
                            o -> text(o.path("spec").path("type"), "ClusterIP")),
                    new Column("Cluster-IP", "string", 0, "The virtual IP (none in the sandbox).",
                            o -> text(o.path("spec").path("clusterIP"), "<none>")),
                    new Column("External-IP", "string", 0, "External addresses.",
                            o -> text(o.path("spec").path("externalIPs").path(0), "<none>")),
                    new Column("Port(s)", "string", 0, "Ports served.", ResourceTables::ports),
                    age,
                    new Column("Selector", "string", 1, "Pods selected.",
                            o -> labels(o.path("spec").path("selector"))));
            case "VirtualService" -> List.of(NAME,
                    new Column("Gateways", "string", 0, "The gateways the routes apply to.",
                            o -> list(o.path("spec").path("gateways"))),
                    new Column("Hosts", "string", 0, "The destination hosts the routes apply to.",
                            o -> list(o.path("spec").path("hosts"))),
                    age);
            case "DestinationRule" -> List.of(NAME,
                    new Column("Host", "string", 0, "The service the policies apply to.",
                            o -> o.path("spec").path("host").asText("")),
                    age);
            default -> null;
        };
    }

    /** The metadata alone, as a server sends it unless asked for the object. */
    private static ObjectNode partial(JsonNode object) {
        ObjectNode partial = JSON.createObjectNode().put("kind", "PartialObjectMetadata")
                .put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
        return partial;
    }

    private String age(JsonNode object) {
        String created = object.path("metadata").path("creationTimestamp").asText("");
        try {
            return HumanDuration.of(Duration.between(Instant.parse(created), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    private static int count(JsonNode value) {
        return value.asInt(0);
    }

    private static String text(JsonNode value, String absent) {
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? absent : value.asText();
    }

    /** {@code ["reviews", "ratings"]} as {@code reviews,ratings} ({@code ["a","b"]} is how Istio's columns look). */
    private static String list(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return "";
        }
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add('"' + v.asText() + '"'));
        return "[" + String.join(",", values) + "]";
    }

    private static String join(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.path(field).asText()));
        return String.join(",", values);
    }

    private static String labels(JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            return "<none>";
        }
        List<String> pairs = new ArrayList<>();
        map.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", pairs);
    }

    /** {@code 9080/TCP}, as kubectl shows a service's ports. */
    private static String ports(JsonNode service) {
        JsonNode ports = service.path("spec").path("ports");
        if (!ports.isArray() || ports.isEmpty()) {
            return "<none>";
        }
        List<String> shown = new ArrayList<>();
        for (JsonNode port : ports) {
            String node = port.path("nodePort").isInt() ? ":" + port.path("nodePort").asInt() : "";
            shown.add(port.path("port").asInt() + node + "/" + port.path("protocol").asText("TCP"));
        }
        return shown.stream().collect(Collectors.joining(","));
    }
}
