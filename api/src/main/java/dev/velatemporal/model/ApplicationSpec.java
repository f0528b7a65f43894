package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code spec}: the components and, optionally, the workflow (absent means "apply every component"). */
public record ApplicationSpec(
        List<Component> components,
        @JsonInclude(JsonInclude.Include.NON_NULL) Workflow workflow) {

    public ApplicationSpec {
        components = List.copyOf(components);
    }
}
