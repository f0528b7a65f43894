package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.Attribution;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.GenerationRecord;
import dev.velatemporal.workflow.WorkflowState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generation record the {@code history} query reports: bounded, first end and first stop win. */
class GenerationLedgerTest {

    static final Application APP = DeliveryTestbed.reference("first-deploy.yaml");

    @Test
    void keepsTheLatestGenerationsOnly() {
        GenerationLedger ledger = GenerationLedger.carried(List.of(), null, null);
        for (int g = 1; g <= WorkflowState.GENERATIONS_KEPT + 5; g++) {
            ledger.started(g, APP, new Attribution("apply", "alice", "2026-11-28T17:40:02Z"));
            ledger.ended(g, GenerationPhase.SUCCEEDED, "generation " + g + " succeeded", "2026-11-28T17:41:00Z");
        }
        List<GenerationRecord> kept = ledger.carried();
        assertThat(kept).hasSize(WorkflowState.GENERATIONS_KEPT);
        assertThat(kept.get(0).generation()).isEqualTo(6);
        assertThat(kept.get(kept.size() - 1).generation()).isEqualTo(WorkflowState.GENERATIONS_KEPT + 5);

        // Carried to the next run as it is.
        assertThat(GenerationLedger.carried(kept, null, null).carried()).isEqualTo(kept);
    }

    @Test
    void theFirstEndAndTheFirstStopStandButADeleteIsRecordedAfterTheEnd() {
        GenerationLedger ledger = GenerationLedger.carried(List.of(), null, null);
        ledger.started(1, APP, new Attribution("apply", "alice", "2026-11-28T17:40:02Z"));
        ledger.stopped(1, new Attribution("rollback", "bob", "2026-11-28T17:40:05Z"));
        ledger.stopped(1, new Attribution("delete", "carol", "2026-11-28T17:40:06Z"));
        ledger.ended(1, GenerationPhase.ROLLED_BACK, "rolled back", "2026-11-28T17:40:07Z");
        ledger.ended(1, GenerationPhase.DELETED, "deleted", "2026-11-28T17:40:08Z");
        GenerationRecord record = ledger.carried().get(0);
        assertThat(record.stopped().by()).isEqualTo("bob");
        assertThat(record.phase()).isEqualTo(GenerationPhase.ROLLED_BACK);

        ledger.started(2, APP, new Attribution("apply", "alice", "2026-11-28T17:41:00Z"));
        ledger.ended(2, GenerationPhase.SUCCEEDED, "generation 2 succeeded", "2026-11-28T17:42:00Z");
        ledger.stopped(2, new Attribution("delete", "carol", "2026-11-28T17:43:00Z"));
        assertThat(ledger.carried().get(1).stopped().by()).isEqualTo("carol");
        assertThat(ledger.carried().get(1).phase()).isEqualTo(GenerationPhase.SUCCEEDED);
    }

    @Test
    void aStateFromBeforeTheRecordStartsItWithTheGenerationItsStatusShows() {
        ApplicationStatus status = new ApplicationStatus("book-info", "default", "default.book-info", 3,
                GenerationPhase.SUSPENDED, "waiting for resume at step manual-approval", "manual-approval",
                List.of(), List.of(), List.of());
        GenerationLedger ledger = GenerationLedger.carried(null, status, APP);
        List<GenerationRecord> list = ledger.list(status);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).generation()).isEqualTo(3);
        assertThat(list.get(0).applied()).isNull();
        assertThat(list.get(0).phase()).isEqualTo(GenerationPhase.SUSPENDED);
        assertThat(list.get(0).ended()).isFalse();
    }
}
