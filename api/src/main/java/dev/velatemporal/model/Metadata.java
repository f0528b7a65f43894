package dev.velatemporal.model;

import java.util.Map;

/** The Application's name and namespace; labels and annotations are kept as written but not propagated. */
public record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {

    public static final String DEFAULT_NAMESPACE = "default";

    public Metadata {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public Metadata(String name, String namespace) {
        this(name, namespace, Map.of(), Map.of());
    }
}
