package dev.velatemporal.yaml;

import dev.velatemporal.validation.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A field of the document being bound: its path, its node (null when the field is absent) and typed readers that
 * report a problem, with path and position, when the value has the wrong shape. Readers never throw: a wrong
 * value yields null or the default, so binding goes on and every problem is reported at once.
 */
final class YamlField {

    private final String path;
    private final Node node;
    /** Where the field's key stands: the line a missing child or an unknown key is reported at. */
    private final Mark keyMark;
    private final Binding binding;

    /**
     * @param node the value, or null when the field is absent
     * @param keyMark where the key stands; for an absent field, the key of the mapping it is missing from
     */
    YamlField(String path, Node node, Mark keyMark, Binding binding) {
        this.path = path;
        this.node = node;
        this.keyMark = keyMark;
        this.binding = binding;
        binding.record(path, mark());
    }

    static YamlField document(Node node, Binding binding) {
        return new YamlField("", node, node.getStartMark(), binding);
    }

    String path() {
        return path;
    }

    /** Absent, or present with an empty value ({@code key:} or {@code key: null}), counts as not given. */
    boolean isPresent() {
        return node != null && !node.getTag().equals(Tag.NULL);
    }

    /** Where the value stands, or, when it is absent, where it is missing from. */
    Mark mark() {
        return node != null ? node.getStartMark() : keyMark;
    }

    Mark keyMark() {
        return keyMark;
    }

    /** Reports that this field's value is wrong or missing; the reader then answers with a placeholder. */
    void report(String message) {
        binding.reportSubstituted(path, mark(), message);
    }

    Optional<YamlMap> map() {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(this, mapping, binding));
        }
        report("must be a mapping, not " + describe(node));
        return Optional.empty();
    }

    /** The mapping, or an empty one when absent: for {@code properties} blocks whose fields are all optional. */
    YamlMap mapOrEmpty() {
        return map().orElseGet(() -> YamlMap.empty(this, binding));
    }

    YamlMap requiredMap() {
        if (!isPresent()) {
            report("is required");
        }
        return mapOrEmpty();
    }

    String string() {
        if (!isPresent()) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            if (tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                return scalar.getValue();
            }
        }
        report("must be a string, not " + describe(node) + quoteHint());
        return null;
    }

    /** The string, or "" after reporting it missing or malformed. */
    String requiredString() {
        if (!isPresent()) {
            report("is required");
            return "";
        }
        String value = string();
        return value == null ? "" : value;
    }

    String string(String defaultValue) {
        String value = string();
        return value == null ? defaultValue : value;
    }

    Integer integer() {
        if (!isPresent()) {
            return null;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                return Integer.parseInt(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                report("must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
                        + ", not " + scalar.getValue());
                return null;
            }
        }
        report("must be a whole number, not " + describe(node));
        return null;
    }

    int integer(int defaultValue) {
        Integer value = integer();
        return value == null ? defaultValue : value;
    }

    int requiredInteger() {
        if (!isPresent()) {
            report("is required");
            return 0;
        }
        return integer(0);
    }

    /** The elements, read by {@code element}; absent is an empty list. */
    <T> List<T> list(Function<YamlField, T> element) {
        if (!isPresent()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            report("must be a list, not " + describe(node));
            return List.of();
        }
        List<T> values = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            T value = element.apply(new YamlField(FieldPath.element(path, i), item, item.getStartMark(), binding));
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** Like {@link #list}, but a single value stands for a list of one ({@code port: 9080}). */
    <T> List<T> listOrSingle(Function<YamlField, T> element) {
        if (isPresent() && node instanceof ScalarNode) {
            T value = element.apply(this);
            return value == null ? List.of() : List.of(value);
        }
        return list(element);
    }

    Map<String, String> stringMap() {
        Map<String, String> values = new LinkedHashMap<>();
        map().ifPresent(map -> map.keys().forEach(key -> {
            String value = map.field(key).string();
            if (value != null) {
                values.put(key, value);
            }
        }));
        return values;
    }

    private String quoteHint() {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)
                ? " (quote it to mean the text: \"" + scalar.getValue() + "\")"
                : "";
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        String value = abbreviate(scalar.getValue());
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number " + value;
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean " + value;
        }
        if (tag.equals(Tag.NULL)) {
            return "null";
        }
        return "the string \"" + value + "\"";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
