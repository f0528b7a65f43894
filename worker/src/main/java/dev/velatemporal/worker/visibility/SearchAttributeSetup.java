package dev.velatemporal.worker.visibility;

import dev.velatemporal.workflow.VelaSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Vela*} search attributes in a Temporal namespace. A workflow that sets one the namespace lacks has
 * every workflow task fail, so the worker checks before it polls: the dev stack registers them, a worker on a
 * real server refuses to start without them and prints the commands that create them.
 */
public final class SearchAttributeSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SearchAttributeSetup.class);
    private static final long DEADLINE_SECONDS = 10;

    private SearchAttributeSetup() {}

    /** Registers them (the dev stack's embedded Temporal starts empty). */
    public static void register(WorkflowServiceStubs stubs, String namespace) {
        OperatorServiceStubs operator = operator(stubs);
        try {
            operator.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                            .setNamespace(namespace)
                            .putAllSearchAttributes(VelaSearchAttributes.definitions())
                            .build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        } finally {
            operator.shutdown();
        }
    }

    /**
     * Checks that they exist, as Keywords.
     *
     * @throws MissingSearchAttributesException naming the ones missing and the commands that create them
     */
    public static void verify(WorkflowServiceStubs stubs, String namespace) {
        OperatorServiceStubs operator = operator(stubs);
        ListSearchAttributesResponse known;
        try {
            known = operator.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.PERMISSION_DENIED) {
                // Some hosted Temporals do not let a worker's credentials list them: say what must exist.
                LOG.warn("cannot check the search attributes of namespace {} ({}): make sure {} exist as Keyword",
                        namespace, code, String.join(", ", VelaSearchAttributes.definitions().keySet()));
                return;
            }
            throw e;
        } finally {
            operator.shutdown();
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, IndexedValueType> wanted : VelaSearchAttributes.definitions().entrySet()) {
            if (known.getCustomAttributesMap().get(wanted.getKey()) != wanted.getValue()) {
                missing.add(wanted.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingSearchAttributesException(namespace, missing);
        }
    }

    /** On the workflow stubs' connection, with their headers and credentials (an API key, say). */
    private static OperatorServiceStubs operator(WorkflowServiceStubs stubs) {
        return OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder(stubs.getOptions())
                .setTarget(null)
                .setSslContext(null)
                .setEnableHttps(false)
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    }
}
