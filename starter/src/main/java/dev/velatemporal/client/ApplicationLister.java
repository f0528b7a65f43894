package dev.velatemporal.client;

import com.google.protobuf.ByteString;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.workflow.VelaSearchAttributes;
import dev.velatemporal.workflow.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Applications whose workflow runs, with what Temporal's visibility knows of each: the Vela* search attributes
 * the workflow keeps current. A real server answers one {@code ListWorkflowExecutions} query; the Java test server
 * (the dev stack's Temporal) has no visibility queries, so there the open workflows are listed and each is
 * described for its search attributes (as the worker's suspended-applications gauge does).
 */
public final class ApplicationLister {

    static final String WORKFLOW_TYPE = "ApplicationWorkflow";
    private static final int PAGE_SIZE = 1000;

    /** An Application as visibility lists it; phase and revision are empty when a run has not set them yet. */
    public record Listed(String namespace, String name, String workflowId, String phase, String revision) {}

    private final TemporalConnection connection;

    public ApplicationLister(TemporalConnection connection) {
        this.connection = connection;
    }

    /** @param namespace the Kubernetes namespace to list, or empty for all of them */
    public List<Listed> list(Optional<String> namespace) {
        List<WorkflowExecutionInfo> infos;
        try {
            infos = visibility(query(namespace));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw new RemoteFailure("Temporal at " + connection.address() + " refused the list query ("
                        + e.getStatus().getDescription() + "): does Temporal namespace " + connection.namespace()
                        + " have the Vela* search attributes? bin/worker checks at start-up and prints the commands"
                        + " that create them");
            }
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw new RemoteFailure("cannot list the workflows at " + connection.address() + ": "
                        + e.getStatus().getCode() + " " + e.getStatus().getDescription());
            }
            infos = openWorkflows();
        }
        return infos.stream()
                .map(ApplicationLister::listed)
                .filter(listed -> namespace.map(listed.namespace()::equals).orElse(true))
                .sorted(Comparator.comparing(Listed::namespace).thenComparing(Listed::name))
                .toList();
    }

    static String query(Optional<String> namespace) {
        return "WorkflowType='" + WORKFLOW_TYPE + "' AND ExecutionStatus='Running'"
                + namespace.map(ns -> " AND " + VelaSearchAttributes.NAMESPACE.getName() + "='" + ns + "'").orElse("");
    }

    private List<WorkflowExecutionInfo> visibility(String query) {
        List<WorkflowExecutionInfo> infos = new ArrayList<>();
        ByteString token = ByteString.EMPTY;
        do {
            ListWorkflowExecutionsResponse page = stubs().blockingStub()
                    .withDeadlineAfter(ApplicationClient.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                    .listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(connection.namespace())
                            .setQuery(query)
                            .setPageSize(PAGE_SIZE)
                            .setNextPageToken(token)
                            .build());
            infos.addAll(page.getExecutionsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return infos;
    }

    private List<WorkflowExecutionInfo> openWorkflows() {
        List<WorkflowExecutionInfo> infos = new ArrayList<>();
        ByteString token = ByteString.EMPTY;
        do {
            ListOpenWorkflowExecutionsResponse page = stubs().blockingStub()
                    .withDeadlineAfter(ApplicationClient.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                    .listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(connection.namespace())
                            .setMaximumPageSize(PAGE_SIZE)
                            .setNextPageToken(token)
                            .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE))
                            .build());
            for (WorkflowExecutionInfo info : page.getExecutionsList()) {
                // The test server's list may ignore the type filter; its entries carry no search attributes.
                if (info.getType().getName().equals(WORKFLOW_TYPE)) {
                    infos.add(describe(info.getExecution()).orElse(info));
                }
            }
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return infos;
    }

    private Optional<WorkflowExecutionInfo> describe(WorkflowExecution execution) {
        try {
            return Optional.of(stubs().blockingStub()
                    .withDeadlineAfter(ApplicationClient.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(connection.namespace())
                            .setExecution(execution)
                            .build())
                    .getWorkflowExecutionInfo());
        } catch (StatusRuntimeException e) {
            return Optional.empty(); // ended between the list and now
        }
    }

    /** From the search attributes; a run that set none yet is named by its workflow ID. */
    private static Listed listed(WorkflowExecutionInfo info) {
        String id = info.getExecution().getWorkflowId();
        SearchAttributes attributes = info.getSearchAttributes();
        int dot = id.indexOf('.'); // <namespace>.<name>: a namespace is a DNS label, it holds no dot
        String namespace = keyword(attributes, VelaSearchAttributes.NAMESPACE.getName())
                .orElse(dot > 0 ? id.substring(0, dot) : "");
        String name = keyword(attributes, VelaSearchAttributes.APPLICATION.getName())
                .orElse(dot > 0 ? id.substring(dot + 1) : id);
        return new Listed(namespace, name, id.isEmpty() ? WorkflowIds.of(namespace, name) : id,
                keyword(attributes, VelaSearchAttributes.PHASE.getName()).orElse(""),
                keyword(attributes, VelaSearchAttributes.REVISION.getName()).orElse(""));
    }

    private static Optional<String> keyword(SearchAttributes attributes, String name) {
        Payload payload = attributes.getIndexedFieldsMap().get(name);
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                    DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a keyword: someone else's attribute of that name
        }
    }

    private WorkflowServiceStubs stubs() {
        return connection.stubs();
    }
}
