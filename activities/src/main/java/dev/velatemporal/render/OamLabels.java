package dev.velatemporal.render;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every rendered object carries (docs/behaviour.md section 2), and the ones pods are selected by. */
public final class OamLabels {

    public static final String APP_NAME = "app.oam.dev/name";
    public static final String COMPONENT = "app.oam.dev/component";
    public static final String REVISION = "app.oam.dev/revision";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "vela-temporal";

    private OamLabels() {}

    /** The labels of an object that belongs to a component as a whole (Service, VirtualService...). */
    public static Map<String, String> of(String application, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP_NAME, application);
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /** The labels of a revision's Deployment and pods; {@code revision} null for a component without rollout. */
    public static Map<String, String> of(String application, String component, String revision) {
        Map<String, String> labels = of(application, component);
        if (revision != null) {
            labels.put(REVISION, revision);
        }
        return labels;
    }

    /** What a component's Service selects: every revision's pods, so the mesh can weight between them. */
    public static Map<String, String> componentSelector(String component) {
        return Map.of(COMPONENT, component);
    }

    /** What a revision's Deployment and DestinationRule subset select. */
    public static Map<String, String> revisionSelector(String component, String revision) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(COMPONENT, component);
        if (revision != null) {
            selector.put(REVISION, revision);
        }
        return selector;
    }
}
