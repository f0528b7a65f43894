package dev.velatemporal.model;

/** {@code apply-component}: applies one component with its traits. */
public record ApplyComponentStep(String name, Properties properties) implements WorkflowStep {

    public static final String TYPE = "apply-component";

    @Override
    public String type() {
        return TYPE;
    }

    public record Properties(String component) {}
}
