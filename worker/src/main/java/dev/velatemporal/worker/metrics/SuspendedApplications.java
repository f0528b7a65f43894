package dev.velatemporal.worker.metrics;

import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.VelaSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many Applications wait for approval right now, as Temporal's visibility knows it (the {@code VelaPhase}
 * search attribute), so the number is the same on every worker and survives restarts. Counted when Prometheus
 * scrapes, at most once per {@code refresh}. The dev stack's embedded Temporal has no visibility queries: there it
 * lists the open workflows and reads each one's search attributes.
 */
public final class SuspendedApplications {

    public static final String METRIC = "vela.applications.suspended";
    static final String WORKFLOW_TYPE = "ApplicationWorkflow";
    static final String QUERY = "WorkflowType='" + WORKFLOW_TYPE + "' AND ExecutionStatus='Running' AND "
            + VelaSearchAttributes.PHASE.getName() + "='" + GenerationPhase.SUSPENDED.value() + "'";

    private static final Logger LOG = LoggerFactory.getLogger(SuspendedApplications.class);
    private static final long DEADLINE_SECONDS = 5;

    private final WorkflowServiceStubs stubs;
    private final String namespace;
    private final Duration refresh;
    private final Clock clock;
    private boolean countUnsupported;
    private Instant countedAt = Instant.MIN;
    private double last = Double.NaN;

    SuspendedApplications(WorkflowServiceStubs stubs, String namespace, Duration refresh, Clock clock) {
        this.stubs = stubs;
        this.namespace = namespace;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** Registers the gauge {@code vela_applications_suspended}. */
    public static void register(MeterRegistry registry, WorkflowServiceStubs stubs, String namespace,
            Duration refresh) {
        SuspendedApplications suspended = new SuspendedApplications(stubs, namespace, refresh, Clock.systemUTC());
        Gauge.builder(METRIC, suspended, SuspendedApplications::value)
                .description("Applications whose generation waits at a suspend step for resume")
                .strongReference(true) // nothing else holds it: a weak reference would read NaN after a GC
                .register(registry);
    }

    /** The count, at most {@code refresh} old; NaN (no sample) when Temporal cannot say. */
    synchronized double value() {
        Instant now = clock.instant();
        if (Duration.between(countedAt, now).compareTo(refresh) < 0) {
            return last;
        }
        countedAt = now;
        try {
            last = countUnsupported ? listAndCount() : countOrList();
        } catch (StatusRuntimeException e) {
            LOG.warn("cannot count the suspended applications: {}", e.getStatus());
            last = Double.NaN;
        }
        return last;
    }

    private double countOrList() {
        try {
            return count();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            countUnsupported = true;
            return listAndCount();
        }
    }

    private double count() {
        return stubs.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setQuery(QUERY)
                        .build())
                .getCount();
    }

    private double listAndCount() {
        int suspended = 0;
        for (WorkflowExecutionInfo info : stubs.blockingStub()
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(1000)
                        .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE))
                        .build())
                .getExecutionsList()) {
            if (info.getType().getName().equals(WORKFLOW_TYPE) && isSuspended(info.getExecution())) {
                suspended++;
            }
        }
        return suspended;
    }

    private boolean isSuspended(WorkflowExecution execution) {
        Payload phase = stubs.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(execution)
                        .build())
                .getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap()
                .get(VelaSearchAttributes.PHASE.getName());
        return phase != null && GenerationPhase.SUSPENDED.value().equals(
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(phase, String.class, String.class));
    }
}
