package dev.velatemporal.worker.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up check against an operator service that knows some search attributes, or will not say. */
class SearchAttributeSetupTest {

    private Server server;
    private WorkflowServiceStubs stubs;

    @AfterEach
    void stop() {
        stubs.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void missingAttributesAreNamedWithTheCommandsThatCreateThem() throws Exception {
        serve(Map.of("VelaApplication", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "VelaNamespace", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "VelaPhase", IndexedValueType.INDEXED_VALUE_TYPE_TEXT), null);

        MissingSearchAttributesException missing = catchThrowableOfType(MissingSearchAttributesException.class,
                () -> SearchAttributeSetup.verify(stubs, "prod"));

        assertThat(missing.missing()).containsExactly("VelaPhase", "VelaRevision");
        assertThat(missing.getMessage())
                .contains("Temporal namespace prod lacks the search attributes VelaPhase, VelaRevision (Keyword)")
                .contains("temporal operator search-attribute create --namespace prod --name VelaPhase --type Keyword")
                .contains("temporal operator search-attribute create --namespace prod --name VelaRevision"
                        + " --type Keyword");
    }

    @Test
    void allFourAsKeywordsPass() throws Exception {
        serve(Map.of("VelaApplication", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "VelaNamespace", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "VelaPhase", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "VelaRevision", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD), null);

        assertThatCode(() -> SearchAttributeSetup.verify(stubs, "prod")).doesNotThrowAnyException();
    }

    @Test
    void aServerThatWillNotListThemIsTrusted() throws Exception {
        serve(Map.of(), Status.PERMISSION_DENIED);

        assertThatCode(() -> SearchAttributeSetup.verify(stubs, "prod")).doesNotThrowAnyException();
    }

    private void serve(Map<String, IndexedValueType> known, Status refusal) throws Exception {
        server = NettyServerBuilder.forPort(0).addService(new OperatorServiceGrpc.OperatorServiceImplBase() {
            @Override
            public void listSearchAttributes(ListSearchAttributesRequest request,
                    StreamObserver<ListSearchAttributesResponse> response) {
                if (refusal != null) {
                    response.onError(refusal.asRuntimeException());
                    return;
                }
                response.onNext(ListSearchAttributesResponse.newBuilder().putAllCustomAttributes(known).build());
                response.onCompleted();
            }
        }).build().start();
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + server.getPort())
                .build());
    }
}
