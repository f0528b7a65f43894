package dev.velatemporal.cli;

import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a field of an Application stands in its file, as {@code LINE:COLUMN} of its value: what {@code validate}
 * prints, for problems found later than loading (the workflow's judgement against the revision history). The file
 * was loaded and validated already, so its paths are the model's.
 */
final class SourcePositions {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final String source;

    SourcePositions(String source) {
        this.source = source;
    }

    /** @param path a field path such as {@code spec.workflow.steps[0].properties.traffic} */
    Optional<String> of(String namespace, String name, String path) {
        for (Node document : new Yaml(new SafeConstructor(new LoaderOptions())).composeAll(new StringReader(source))) {
            if (document != null && isApplication(document, namespace, name)) {
                return walk(document, path).map(node -> (node.getStartMark().getLine() + 1) + ":"
                        + (node.getStartMark().getColumn() + 1));
            }
        }
        return Optional.empty();
    }

    private static boolean isApplication(Node document, String namespace, String name) {
        String documentName = walk(document, "metadata.name").map(SourcePositions::text).orElse("");
        String documentNamespace = walk(document, "metadata.namespace").map(SourcePositions::text)
                .orElse(GlobalOptions.DEFAULT_NAMESPACE);
        return documentName.equals(name) && documentNamespace.equals(namespace);
    }

    private static Optional<Node> walk(Node from, String path) {
        Node node = from;
        Matcher segment = SEGMENT.matcher(path);
        while (segment.find() && node != null) {
            node = segment.group(1) != null ? field(node, segment.group(1)) : element(node,
                    Integer.parseInt(segment.group(2)));
        }
        return Optional.ofNullable(node);
    }

    private static Node field(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (key.equals(text(tuple.getKeyNode()))) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    private static Node element(Node node, int index) {
        return node instanceof SequenceNode sequence && index < sequence.getValue().size()
                ? sequence.getValue().get(index) : null;
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : "";
    }
}
