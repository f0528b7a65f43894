package dev.velatemporal.yaml;

import dev.velatemporal.validation.Problem;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** The documents of a YAML file as node trees (which keep their line and column), or why it could not be read. */
record ParsedYaml(List<Node> documents, List<Problem> problems) {}
