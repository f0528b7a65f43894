package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code status -o json}: the document of docs/behaviour.md section 3, with the times a waiting step waits until. */
class StatusJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ApplicationStatus STATUS = new ApplicationStatus("shop", "default", "default.shop", 2,
            GenerationPhase.SUSPENDED, "waiting for resume at step soak", "soak",
            List.of(new StepStatus("batch-0", "canary-rollout", StepPhase.SUCCEEDED, ""),
                    new StepStatus("soak", "suspend", StepPhase.SUSPENDED, "", "", "2025-06-01T12:10:00Z")),
            List.of(), List.of());

    @Test
    void aStepThatWaitsForNothingKeepsItsFourFieldsAndAWaitingOneSaysUntilWhen() throws Exception {
        var steps = JSON.readTree(Documents.write(STATUS, GlobalOptions.Output.json)).get("steps");

        assertThat(steps.get(0).properties()).extracting(e -> e.getKey())
                .containsExactly("name", "type", "phase", "message");
        assertThat(steps.get(1).get("resumesAt").asText()).isEqualTo("2025-06-01T12:10:00Z");
        assertThat(steps.get(1).has("progressDeadline")).isFalse();
    }

    @Test
    void theDocumentCrossesTemporalUnchangedAndOneWithoutTheNewFieldsStillReads() throws Exception {
        var converter = DefaultDataConverter.newDefaultInstance();
        assertThat(converter.fromPayload(converter.toPayload(STATUS).orElseThrow(), ApplicationStatus.class,
                ApplicationStatus.class)).isEqualTo(STATUS);

        // As an older worker writes it (no progressDeadline or resumesAt), with a field from a newer one.
        String older = "{\"application\":\"shop\",\"namespace\":\"default\",\"workflowId\":\"default.shop\","
                + "\"generation\":1,\"phase\":\"running\",\"message\":\"\",\"currentStep\":\"s\",\"steps\":[{\"name\":"
                + "\"s\",\"type\":\"suspend\",\"phase\":\"running\",\"message\":\"\",\"later\":1}],\"components\":[],"
                + "\"events\":[],\"later\":true}";
        ApplicationStatus read = converter.fromPayload(converter.toPayload(JSON.readTree(older)).orElseThrow(),
                ApplicationStatus.class, ApplicationStatus.class);
        assertThat(read.steps()).containsExactly(new StepStatus("s", "suspend", StepPhase.RUNNING, ""));
    }
}
