package dev.velatemporal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state a run carries to the next, as Temporal's JSON converter writes and reads it. */
class WorkflowStateTest {

    @Test
    void aStateCarriedBeforeUpdatesExistedHasNoAnswers() {
        Payload old = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFrom(
                        "{\"history\":null,\"lastApplied\":null,\"next\":null,\"status\":null}",
                        StandardCharsets.UTF_8))
                .build();

        WorkflowState state = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(old, WorkflowState.class,
                WorkflowState.class);

        assertThat(state.answered()).isEmpty();
        assertThat(state.owned()).as("unknown: the workflow derives it").isNull();
    }

    @Test
    void answersAndOwnedObjectsSurviveTheRoundTrip() {
        WorkflowState state = new WorkflowState(null, null, null, null,
                List.of(new AnsweredUpdate("resume-1", new UpdateAnswer(2, true, "resumed generation 2 at step x"))),
                List.of(new OwnedObject("Deployment", "default", "reviews-v2", 2)), null);

        Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(state).orElseThrow();
        WorkflowState read = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, WorkflowState.class,
                WorkflowState.class);

        assertThat(read.answered()).isEqualTo(state.answered());
        assertThat(read.owned()).isEqualTo(state.owned());
    }
}
