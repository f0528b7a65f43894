package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.Attribution;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.GenerationRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bin/starter history}: one block per generation, who applied, approved and stopped it, how it ended. */
class HistoryRenderTest {

    @Test
    void eachGenerationWithWhoAppliedApprovedAndStoppedItAndHowItEnded() {
        List<GenerationRecord> generations = List.of(
                new GenerationRecord(1, "reviews: reviews-v1 (new)",
                        new Attribution("apply", "alice@laptop", "2026-11-28T17:40:02Z"), List.of(), null,
                        GenerationPhase.SUCCEEDED, "generation 1 succeeded", "2026-11-28T17:40:30Z"),
                new GenerationRecord(2, "reviews: reviews-v2 (new)",
                        new Attribution("apply", "bob", "2026-11-28T17:41:00Z"),
                        List.of(new Attribution("resume at step manual-approval", "carol", "2026-11-28T17:42:00Z")),
                        new Attribution("rollback", "erin", "2026-11-28T17:43:00Z"), GenerationPhase.ROLLED_BACK,
                        "rolled back", "2026-11-28T17:43:10Z"),
                new GenerationRecord(3, "reviews", null, List.of(), null, GenerationPhase.RUNNING, "", ""));

        assertThat(HistoryCommand.render(generations)).isEqualTo("""
                generation 1  succeeded  generation 1 succeeded
                  spec      reviews: reviews-v1 (new)
                  applied   by alice@laptop at 17:40:02
                  ended     at 17:40:30

                generation 2  rolledBack  rolled back
                  spec      reviews: reviews-v2 (new)
                  applied   by bob at 17:41:00
                  approved  by carol at 17:42:00 (resume at step manual-approval)
                  stopped   by erin at 17:43:00 (rollback)
                  ended     at 17:43:10

                generation 3  running
                  spec      reviews
                  applied   by someone not recorded (before this record was kept)
                """.replace("rolledBack", GenerationPhase.ROLLED_BACK.value()));
        assertThat(HistoryCommand.render(List.of())).isEqualTo("no generation yet\n");
    }
}
