package dev.velatemporal.yaml;

import dev.velatemporal.validation.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A field of the document being bound: its path, its node (null when the field is absent) and typed readers that
 * report a problem, with path and position, when the value has the wrong shape. Readers never throw: a wrong
 * value yields null or a placeholder, so binding goes on and every problem is reported at once.
 */
final class YamlField {

    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");

    private final String path;
    private final Node node;
    /** Where the field's key stands: the line a missing child or an unknown key is reported at. */
    private final Mark keyMark;
    private final Binding binding;
    /** True inside a mapping that stands in for a value of the wrong shape: that value was reported already. */
    private final boolean silent;

    /**
     * @param node the value, or null when the field is absent
     * @param keyMark where the key stands; for an absent field, the key of the mapping it is missing from
     */
    YamlField(String path, Node node, Mark keyMark, Binding binding, boolean silent) {
        this.path = path;
        this.node = node;
        this.keyMark = keyMark;
        this.binding = binding;
        this.silent = silent;
        binding.record(path, mark());
    }

    static YamlField document(Node node, Binding binding) {
        return new YamlField("", node, node.getStartMark(), binding, false);
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
        if (!silent) {
            binding.reportSubstituted(path, mark(), message);
        }
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** What the value is, for messages: "a list", "the string \"x\"", "null"... */
    String describe() {
        return node == null ? "nothing" : describe(node);
    }

    Optional<YamlMap> map() {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(this, mapping, binding, silent));
        }
        report("must be a mapping, not " + describe(node));
        return Optional.empty();
    }

    /**
     * The mapping; an empty one when absent (for {@code properties} blocks whose fields are all optional, it
     * still reports missing required fields); a silent empty one when the value is not a mapping, so the one
     * problem reported is the wrong shape, not every field missing from it.
     */
    YamlMap mapOrEmpty() {
        if (isPresent() && !(node instanceof MappingNode)) {
            report("must be a mapping, not " + describe(node));
            return YamlMap.empty(this, binding, true);
        }
        return map().orElseGet(() -> YamlMap.empty(this, binding, silent));
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

    /** The string, or "" after reporting it missing, empty or malformed. */
    String requiredString() {
        if (!isPresent()) {
            report("is required");
            return "";
        }
        String value = string();
        if (value != null && value.isEmpty()) {
            report("must not be empty");
        }
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
            String digits = scalar.getValue().replace("_", "");
            if (!DECIMAL.matcher(digits).matches()) {
                report("must be a decimal whole number, not " + scalar.getValue());
                return null;
            }
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                report(scalar.getValue() + " is too large for a whole number");
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

    /**
     * The elements, read by {@code element}; absent is an empty list. An element that cannot be read (an
     * unknown trait type, say) is left out, and the binding remembers where, so that problems found later about
     * the elements after it still name their place in the file.
     */
    <T> List<T> list(Function<YamlField, T> element) {
        if (!isPresent()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            report("must be a list, not " + describe(node));
            return List.of();
        }
        List<T> values = new ArrayList<>();
        List<Integer> sourceIndexes = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            YamlField itemField =
                    new YamlField(FieldPath.element(path, i), item, item.getStartMark(), binding, silent);
            if (!itemField.isPresent()) {
                itemField.report("is an empty entry: give it a value or remove the '-'");
                continue;
            }
            T value = element.apply(itemField);
            if (value != null) {
                values.add(value);
                sourceIndexes.add(i);
            }
        }
        if (values.size() != items.size()) {
            binding.renumbered(path, sourceIndexes);
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
        return node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)
                ? " (quote it to mean the text: \"" + abbreviate(scalar.getValue()) + "\")"
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
        if (tag.equals(Tag.TIMESTAMP)) {
            return "the date " + value;
        }
        if (tag.equals(Tag.STR)) {
            return "the string \"" + value + "\"";
        }
        return "a value tagged " + tag.getValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
