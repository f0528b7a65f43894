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
    /** A stand-in for a value that was not a mapping: its fields are all missing, and that is no news. */
    private final boolean silent;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    YamlMap(YamlField self, MappingNode mapping, Binding binding, boolean silent) {
        this.self = self;
        this.binding = binding;
        this.silent = silent;
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
            NodeTuple first = fields.putIfAbsent(key, tuple);
            if (first != null) {
                binding.report(FieldPath.child(self.path(), key), keyNode.getStartMark(), "duplicate key \"" + key
                        + "\" (first at line " + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
    }

    private YamlMap(YamlField self, Binding binding, boolean silent) {
        this.self = self;
        this.binding = binding;
        this.silent = silent;
    }

    static YamlMap empty(YamlField self, Binding binding, boolean silent) {
        return new YamlMap(self, binding, silent);
    }

    String path() {
        return self.path();
    }

    Set<String> keys() {
        return fields.keySet();
    }

    boolean has(String key) {
        return field(key).isPresent();
    }

    YamlField field(String key) {
        NodeTuple tuple = fields.get(key);
        String path = FieldPath.child(self.path(), key);
        return tuple == null
                ? new YamlField(path, null, self.keyMark(), binding, silent)
                : new YamlField(path, tuple.getValueNode(), tuple.getKeyNode().getStartMark(), binding, silent);
    }

    /** Reports every key that is not one of {@code known}: a typo must not be silently dropped. */
    void allowOnly(List<String> known) {
        for (String key : fields.keySet()) {
            if (!known.contains(key)) {
                YamlField field = field(key);
                binding.report(field.path(), field.keyMark(), "unknown field \"" + key + "\""
                        + Suggestions.didYouMean(key, known) + "; known fields: " + String.join(", ", known));
            }
        }
    }
}
