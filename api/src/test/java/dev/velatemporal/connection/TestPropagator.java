package dev.velatemporal.connection;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import java.util.Map;

/** A propagator that carries nothing: the tests only check that it is passed on. */
final class TestPropagator implements ContextPropagator {

    private final String name;

    TestPropagator(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
        return Map.of();
    }

    @Override
    public Object deserializeContext(Map<String, Payload> header) {
        return null;
    }

    @Override
    public Object getCurrentContext() {
        return null;
    }

    @Override
    public void setCurrentContext(Object context) {
    }
}
