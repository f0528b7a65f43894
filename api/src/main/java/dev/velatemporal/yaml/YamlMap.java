package dev.velatemporal.yaml;

import dev.velatemporal.validation.FieldPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A YAML mapping being bound: its fields by key, with duplicate and unknown keys reported. */
final class YamlMap {

    private final YamlField self;
    private final Binding binding;
    private final Map<String, Node> values = new LinkedHashMap<>();

    YamlMap(YamlField self, MappingNode mapping, Binding binding) {
        this.self = self;
        this.binding = binding;
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                binding.report(self.path(), keyNode.getStartMark(), "YAML merge keys (<<) are not supported");
                continue;
            }
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                binding.report(self.path(), keyNode.getStartMark(), "keys must be plain strings, not "
                        + YamlField.describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            Node first = keys.putIfAbsent(key, keyNode);
            if (first != null) {
                binding.report(FieldPath.child(self.path(), key), keyNode.getStartMark(),
                        "duplicate key \"" + key + "\" (first at line " + (first.getStartMark().getLine() + 1) + ")");
                continue;
            }
            values.put(key, tuple.getValueNode());
        }
    }

    private YamlMap(YamlField self, Binding binding) {
        this.self = self;
        this.binding = binding;
    }

    static YamlMap empty(YamlField self, Binding binding) {
        return new YamlMap(self, binding);
    }

    String path() {
        return self.path();
    }

    Set<String> keys() {
        return values.keySet();
    }

    boolean has(String key) {
        return field(key).isPresent();
    }

    YamlField field(String key) {
        return new YamlField(FieldPath.child(self.path(), key), values.get(key), self.mark(), binding);
    }

    /** Reports every key that is not one of {@code known}: a typo must not be silently dropped. */
    void allowOnly(List<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                YamlField field = field(key);
                binding.report(field.path(), field.mark(), "unknown field \"" + key + "\"; known fields: "
                        + String.join(", ", known));
            }
        }
    }
}
