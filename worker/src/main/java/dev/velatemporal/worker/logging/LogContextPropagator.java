package dev.velatemporal.worker.logging;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the {@link LogContext} from the workflow to its activities (and to the workflow's own async threads)
 * in Temporal headers. Headers are not encrypted by the payload codec: they hold names and numbers only.
 */
public final class LogContextPropagator implements ContextPropagator {

    private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

    @Override
    public String getName() {
        return "vela-log-context";
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
        Map<String, Payload> headers = new HashMap<>();
        asMap(context).forEach((key, value) ->
                CONVERTER.toPayload(value).ifPresent(payload -> headers.put(key, payload)));
        return headers;
    }

    @Override
    public Object deserializeContext(Map<String, Payload> headers) {
        Map<String, String> context = new HashMap<>();
        for (String key : LogContext.KEYS) {
            Payload payload = headers.get(key);
            if (payload != null) {
                context.put(key, CONVERTER.fromPayload(payload, String.class, String.class));
            }
        }
        return context;
    }

    @Override
    public Object getCurrentContext() {
        Map<String, String> context = new HashMap<>();
        for (String key : LogContext.KEYS) {
            String value = MDC.get(key);
            if (value != null) {
                context.put(key, value);
            }
        }
        return context;
    }

    /** Replaces the keys wholesale: activity threads are pooled, and one task's step must not leak to the next. */
    @Override
    public void setCurrentContext(Object context) {
        Map<String, String> values = asMap(context);
        for (String key : LogContext.KEYS) {
            String value = values.get(key);
            if (value != null) {
                MDC.put(key, value);
            } else {
                MDC.remove(key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> asMap(Object context) {
        return context instanceof Map ? (Map<String, String>) context : Map.of();
    }
}
