package dev.velatemporal.connection;

import com.uber.m3.tally.Scope;
import dev.velatemporal.codec.PayloadKey;
import io.temporal.common.context.ContextPropagator;
import java.util.List;
import java.util.Optional;

/**
 * What a process adds to a Temporal connection beyond where it is: these belong to the process (its metrics, its
 * tracing, its key), not to the connection settings the worker and the starter share.
 *
 * @param metricsScope where the SDK reports its metrics; null keeps the SDK's no-op scope
 * @param contextPropagators carried from client calls into workflows and activities
 * @param payloadKey encrypts payloads when present
 */
public record ClientExtras(Scope metricsScope, List<ContextPropagator> contextPropagators,
        Optional<PayloadKey> payloadKey) {

    public ClientExtras {
        contextPropagators = contextPropagators == null ? List.of() : List.copyOf(contextPropagators);
        payloadKey = payloadKey == null ? Optional.empty() : payloadKey;
    }

    public static ClientExtras none() {
        return new ClientExtras(null, List.of(), Optional.empty());
    }

    public ClientExtras withMetricsScope(Scope scope) {
        return new ClientExtras(scope, contextPropagators, payloadKey);
    }

    public ClientExtras withContextPropagators(List<ContextPropagator> propagators) {
        return new ClientExtras(metricsScope, propagators, payloadKey);
    }

    public ClientExtras withPayloadKey(Optional<PayloadKey> key) {
        return new ClientExtras(metricsScope, contextPropagators, key);
    }

    public ClientExtras withPayloadKey(PayloadKey key) {
        return withPayloadKey(Optional.of(key));
    }
}
