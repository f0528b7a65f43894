package dev.velatemporal.demo;

import dev.velatemporal.connection.TemporalConnection;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A workflow as the Temporal UI shows it: its summary, search attributes, current details, event summaries. */
final class TemporalView {

    private final TemporalConnection connection;
    private final DataConverter converter;

    /** @param connection with the payload key, if any, that the workflows' payloads were encrypted with */
    TemporalView(TemporalConnection connection) {
        this.connection = connection;
        this.converter = connection.client().getOptions().getDataConverter();
    }

    DescribeWorkflowExecutionResponse describe(WorkflowExecution execution) {
        return connection.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest
                .newBuilder().setNamespace(connection.namespace()).setExecution(execution).build());
    }

    /** The latest run's search attributes, decoded (they are never encrypted). */
    Map<String, String> searchAttributes(String workflowId) {
        Map<String, String> values = new LinkedHashMap<>();
        describe(latest(workflowId)).getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap()
                .forEach((name, payload) -> values.put(name,
                        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class)));
        return values;
    }

    /** The first run of the workflow: the one a start created, before any continue-as-new. */
    WorkflowExecution firstRun(String workflowId) {
        WorkflowExecution run = WorkflowExecution.newBuilder().setWorkflowId(workflowId)
                .setRunId(describe(latest(workflowId)).getWorkflowExecutionInfo().getExecution().getRunId()).build();
        while (true) {
            String previous = history(run).get(0).getWorkflowExecutionStartedEventAttributes()
                    .getContinuedExecutionRunId();
            if (previous.isEmpty()) {
                return run;
            }
            run = run.toBuilder().setRunId(previous).build();
        }
    }

    String staticSummary(WorkflowExecution run) {
        return text(describe(run).getExecutionConfig().getUserMetadata().getSummary());
    }

    String staticDetails(WorkflowExecution run) {
        return text(describe(run).getExecutionConfig().getUserMetadata().getDetails());
    }

    /** What the UI shows as the workflow's current details (the SDK's built-in metadata query). */
    String currentDetails(String workflowId) {
        return connection.client().newUntypedWorkflowStub(workflowId)
                .query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails();
    }

    List<HistoryEvent> history(WorkflowExecution run) {
        return connection.stubs().blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest
                .newBuilder().setNamespace(connection.namespace()).setExecution(run).setMaximumPageSize(10_000)
                .build()).getHistory().getEventsList();
    }

    /** The summaries the events of {@code type} carry, in order. */
    List<String> summaries(WorkflowExecution run, EventType type) {
        List<String> summaries = new ArrayList<>();
        for (HistoryEvent event : history(run)) {
            if (event.getEventType() == type && event.hasUserMetadata()) {
                summaries.add(text(event.getUserMetadata().getSummary()));
            }
        }
        return summaries;
    }

    static WorkflowExecution latest(String workflowId) {
        return WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
    }

    private String text(Payload payload) {
        return converter.fromPayload(payload, String.class, String.class);
    }
}
