package dev.velatemporal.model;

import java.util.List;

/**
 * {@code canary-traffic}: a Service, a VirtualService and a DestinationRule for the component, so that traffic can
 * be weighted between its revisions.
 */
public record CanaryTrafficTrait(Properties properties) implements Trait {

    public static final String TYPE = "canary-traffic";

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code port}: the Service ports (the component's port by default). */
    public record Properties(List<Integer> port) {
        public Properties {
            port = List.copyOf(port);
        }
    }
}
