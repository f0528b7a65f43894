package dev.velatemporal.identity;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.HashMap;
import java.util.Map;

/**
 * Names the sender in the {@value Senders#HEADER} header of every signal, update and start the client sends (the
 * worker's {@code SenderInterceptor} reads it). A client interceptor, not a context propagator: the Java SDK (1.38)
 * puts what propagators give into a start's header only, never into a signal's or an update's. Headers are not
 * encrypted by the payload codec: this one holds a name only.
 */
public final class SenderHeader extends WorkflowClientInterceptorBase {

    private final String sender;
    private final Payload payload;

    public SenderHeader(String sender) {
        this.sender = Senders.clean(sender);
        if (this.sender == null) {
            throw new IllegalArgumentException("a sender needs a name");
        }
        this.payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(this.sender).orElseThrow();
    }

    public String sender() {
        return sender;
    }

    @Override
    public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(WorkflowClientCallsInterceptor next) {
        return new WorkflowClientCallsInterceptorBase(next) {
            @Override
            public WorkflowStartOutput start(WorkflowStartInput input) {
                return super.start(named(input));
            }

            @Override
            public WorkflowSignalOutput signal(WorkflowSignalInput input) {
                return super.signal(new WorkflowSignalInput(input.getWorkflowExecution(), input.getSignalName(),
                        named(input.getHeader()), input.getArguments()));
            }

            @Override
            public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
                return super.signalWithStart(new WorkflowSignalWithStartInput(named(input.getWorkflowStartInput()),
                        input.getSignalName(), input.getSignalArguments()));
            }

            @Override
            public <R> io.temporal.client.WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
                return super.startUpdate(named(input));
            }

            @Override
            public <R> WorkflowUpdateWithStartOutput<R> updateWithStart(WorkflowUpdateWithStartInput<R> input) {
                return super.updateWithStart(new WorkflowUpdateWithStartInput<>(
                        named(input.getWorkflowStartInput()), named(input.getStartUpdateInput())));
            }
        };
    }

    private WorkflowClientCallsInterceptor.WorkflowStartInput named(
            WorkflowClientCallsInterceptor.WorkflowStartInput input) {
        return new WorkflowClientCallsInterceptor.WorkflowStartInput(input.getWorkflowId(), input.getWorkflowType(),
                named(input.getHeader()), input.getArguments(), input.getOptions());
    }

    private <R> WorkflowClientCallsInterceptor.StartUpdateInput<R> named(
            WorkflowClientCallsInterceptor.StartUpdateInput<R> input) {
        return new WorkflowClientCallsInterceptor.StartUpdateInput<>(input.getWorkflowExecution(),
                input.getWorkflowType(), input.getUpdateName(), named(input.getHeader()), input.getUpdateId(),
                input.getArguments(), input.getResultClass(), input.getResultType(), input.getFirstExecutionRunId(),
                input.getWaitPolicy());
    }

    private Header named(Header header) {
        Map<String, Payload> values = new HashMap<>(header != null ? header.getValues() : Map.of());
        values.put(Senders.HEADER, payload);
        return new Header(values);
    }
}
