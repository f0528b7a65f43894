package dev.velatemporal.model;

import java.util.List;

/** {@code expose}: a Service for the component's ports. */
public record ExposeTrait(Properties properties) implements Trait {

    public static final String TYPE = "expose";
    public static final List<String> SERVICE_TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer");

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code port}: the ports to expose; {@code type}: the Service type (ClusterIP by default). */
    public record Properties(List<Integer> port, String type) {
        public Properties {
            port = List.copyOf(port);
        }
    }
}
