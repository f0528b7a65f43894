package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * An OAM Application ({@code core.oam.dev/v1beta1}) in the subset vela-temporal delivers.
 *
 * <p>The records of this package mirror the OAM document field by field, so an Application serialised with
 * Jackson (as Temporal does for workflow payloads) reads like the YAML the user wrote, with defaults filled in.
 */
@JsonIgnoreProperties(value = {"apiVersion", "kind"}, allowGetters = true)
public record Application(Metadata metadata, ApplicationSpec spec) {

    public static final String API_VERSION = "core.oam.dev/v1beta1";
    public static final String KIND = "Application";

    @JsonProperty("apiVersion")
    public String apiVersion() {
        return API_VERSION;
    }

    @JsonProperty("kind")
    public String kind() {
        return KIND;
    }

    public String name() {
        return metadata.name();
    }

    public String namespace() {
        return metadata.namespace();
    }

    public List<Component> components() {
        return spec.components();
    }

    public Optional<Component> component(String name) {
        return spec.components().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The steps a generation runs: the declared workflow, or, when the spec has none, one {@code apply-component}
     * step per component (run in parallel, as KubeVela does).
     */
    public List<WorkflowStep> steps() {
        if (spec.workflow() != null) {
            return spec.workflow().steps();
        }
        return spec.components().stream()
                .<WorkflowStep>map(c -> new ApplyComponentStep(c.name(), new ApplyComponentStep.Properties(c.name())))
                .toList();
    }

    public boolean hasDeclaredWorkflow() {
        return spec.workflow() != null;
    }
}
