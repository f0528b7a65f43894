package dev.velatemporal.yaml;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Metadata;
import dev.velatemporal.model.Workflow;
import java.util.List;

/**
 * Binds one YAML document to an {@link Application}: checks the shape of every field (types, required fields,
 * unknown fields, supported types) and fills in defaults. Values that are wrong are reported and replaced by a
 * placeholder, so that binding reads the whole document and the semantic checks can still run.
 */
final class ApplicationBinder {

    private final ComponentBinder components = new ComponentBinder();
    private final StepBinder steps = new StepBinder();

    Application bind(YamlField document) {
        if (!document.isMapping()) {
            document.report("expected an Application (a mapping with apiVersion, kind, metadata and spec), found "
                    + document.describe());
            return null;
        }
        YamlMap root = document.map().orElseThrow();
        root.allowOnly(List.of("apiVersion", "kind", "metadata", "spec"));
        String apiVersion = root.field("apiVersion").requiredString();
        if (!apiVersion.isEmpty() && !apiVersion.equals(Application.API_VERSION)) {
            root.field("apiVersion").report("must be " + Application.API_VERSION + ", not " + apiVersion);
        }
        String kind = root.field("kind").requiredString();
        if (!kind.isEmpty() && !kind.equals(Application.KIND)) {
            root.field("kind").report("must be " + Application.KIND + ", not " + kind);
        }
        return new Application(metadata(root.field("metadata")), spec(root.field("spec")));
    }

    private Metadata metadata(YamlField field) {
        YamlMap map = field.requiredMap();
        map.allowOnly(List.of("name", "namespace", "labels", "annotations"));
        return new Metadata(
                map.field("name").requiredString(),
                map.field("namespace").string(Metadata.DEFAULT_NAMESPACE),
                map.field("labels").stringMap(),
                map.field("annotations").stringMap());
    }

    private ApplicationSpec spec(YamlField field) {
        YamlMap map = field.requiredMap();
        map.allowOnly(List.of("components", "workflow"));
        YamlField componentList = map.field("components");
        if (!componentList.isPresent()) {
            componentList.report("is required: an Application needs at least one component");
        }
        return new ApplicationSpec(componentList.list(components::bind), workflow(map.field("workflow")));
    }

    private Workflow workflow(YamlField field) {
        return field.map().map(map -> {
            map.allowOnly(List.of("steps"));
            YamlField stepList = map.field("steps");
            if (!stepList.isPresent()) {
                stepList.report("is required when spec.workflow is given (leave out spec.workflow to apply "
                        + "every component)");
            }
            return new Workflow(stepList.list(steps::bind));
        }).orElse(null);
    }
}
