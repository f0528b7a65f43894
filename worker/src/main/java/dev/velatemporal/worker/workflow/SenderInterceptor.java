package dev.velatemporal.worker.workflow;

import dev.velatemporal.identity.Senders;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowThreadLocal;
import java.util.Optional;

/**
 * Who sent the signal or update being handled, for the workflow to record (docs/behaviour.md section 3, "Who did
 * what").
 *
 * <p>Temporal keeps the sender's identity on the history event ({@code WorkflowExecutionSignaled.identity}, an
 * update's {@code acceptedRequest.meta.identity}), but the Java SDK (1.38) gives workflow code neither: a signal
 * handler gets its arguments, an update its {@code UpdateInfo} (name and ID). What it does pass to an interceptor is
 * the call's header, which is in the history too, so replays read the same sender. The starter puts its name there
 * ({@code vela-sender}, {@code dev.velatemporal.identity.SenderHeader}) and uses it as its Temporal identity
 * as well; an apply may also name its sender in its payload, which counts when the header does not say. A
 * signal or update without it (the {@code temporal} CLI's) is recorded as from an unnamed sender, with
 * where Temporal's history names it: the signal's event ID in the run, or the update's ID.
 *
 * <p>The name is kept in a workflow-thread local for the handler's own thread (each signal and update runs in one),
 * so an update handler that waits does not see a later signal's sender. It only reads: no command, nothing for a
 * replay to differ on.
 */
public final class SenderInterceptor extends WorkerInterceptorBase {

    private static final WorkflowThreadLocal<String> SENDER = WorkflowThreadLocal.withInitial(() -> null);
    private static final WorkflowThreadLocal<Long> SIGNAL_EVENT = WorkflowThreadLocal.withInitial(() -> null);

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void handleSignal(SignalInput input) {
                SENDER.set(senderIn(input.getHeader()));
                SIGNAL_EVENT.set(input.getEventId());
                try {
                    super.handleSignal(input);
                } finally {
                    SENDER.set(null);
                    SIGNAL_EVENT.set(null);
                }
            }

            @Override
            public UpdateOutput executeUpdate(UpdateInput input) {
                SENDER.set(senderIn(input.getHeader()));
                try {
                    return super.executeUpdate(input);
                } finally {
                    SENDER.set(null);
                }
            }
        };
    }

    /**
     * Who sent the signal or update this handler runs for: the {@code vela-sender} header; else an unnamed sender
     * with where Temporal's history names it.
     */
    static String current() {
        return current(null);
    }

    /**
     * @param fallback who the payload says sent it (an apply's {@code sender}): what a signal-with-start's signal
     *     has, whose header is the start's (the test server, for one, does not copy it to the signal)
     */
    static String current(String fallback) {
        String named = SENDER.get();
        if (named != null) {
            return named;
        }
        String said = Senders.clean(fallback);
        if (said != null) {
            return said;
        }
        Optional<String> update = Workflow.getCurrentUpdateInfo().map(info -> info.getUpdateId());
        if (update.isPresent()) {
            return "an unnamed sender (update " + update.get() + ")";
        }
        Long event = SIGNAL_EVENT.get();
        if (event != null) {
            return "an unnamed sender (signal event " + event + " of run " + Workflow.getInfo().getRunId() + ")";
        }
        return "an unnamed sender";
    }

    private static String senderIn(Header header) {
        if (header == null) {
            return null;
        }
        Payload payload = header.getValues().get(Senders.HEADER);
        if (payload == null) {
            return null;
        }
        try {
            return Senders.clean(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class,
                    String.class));
        } catch (RuntimeException e) {
            return null; // not a string: as if there were none
        }
    }
}
