package dev.velatemporal.connection;

import com.uber.m3.tally.Scope;
import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.identity.SenderHeader;
import dev.velatemporal.identity.Senders;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import java.util.List;
import java.util.Optional;

/**
 * What a process adds to a Temporal connection beyond where it is: these belong to the process (its metrics, its
 * tracing, its key), not to the connection settings the worker and the starter share.
 *
 * @param metricsScope where the SDK reports its metrics; null keeps the SDK's no-op scope
 * @param contextPropagators carried from client calls into workflows and activities
 * @param payloadKey encrypts payloads when present
 * @param sender who the client is ({@code user@host}, or the starter's {@code --as}): its Temporal identity, which
 *     Temporal's history shows on each signal and update, and the {@code vela-sender} header the workflow records
 *     ({@link SenderHeader}); empty keeps the SDK's identity and sends no header
 */
public record ClientExtras(Scope metricsScope, List<ContextPropagator> contextPropagators,
        Optional<PayloadKey> payloadKey, Optional<String> sender) {

    public ClientExtras {
        contextPropagators = contextPropagators == null ? List.of() : List.copyOf(contextPropagators);
        payloadKey = payloadKey == null ? Optional.empty() : payloadKey;
        sender = sender == null ? Optional.empty() : sender.map(Senders::clean);
    }

    public ClientExtras(Scope metricsScope, List<ContextPropagator> contextPropagators,
            Optional<PayloadKey> payloadKey) {
        this(metricsScope, contextPropagators, payloadKey, Optional.empty());
    }

    public static ClientExtras none() {
        return new ClientExtras(null, List.of(), Optional.empty(), Optional.empty());
    }

    public ClientExtras withMetricsScope(Scope scope) {
        return new ClientExtras(scope, contextPropagators, payloadKey, sender);
    }

    public ClientExtras withContextPropagators(List<ContextPropagator> propagators) {
        return new ClientExtras(metricsScope, propagators, payloadKey, sender);
    }

    public ClientExtras withPayloadKey(Optional<PayloadKey> key) {
        return new ClientExtras(metricsScope, contextPropagators, key, sender);
    }

    /** The client sends as {@code name}: its Temporal identity and the {@code vela-sender} header. */
    public ClientExtras withSender(String name) {
        return new ClientExtras(metricsScope, contextPropagators, payloadKey, Optional.ofNullable(name));
    }

    /** The client interceptors the sender needs: one that names it in every signal's and update's header. */
    public WorkflowClientInterceptor[] interceptors() {
        return sender.map(name -> new WorkflowClientInterceptor[] {new SenderHeader(name)})
                .orElseGet(() -> new WorkflowClientInterceptor[0]);
    }

    public ClientExtras withPayloadKey(PayloadKey key) {
        return withPayloadKey(Optional.of(key));
    }
}
