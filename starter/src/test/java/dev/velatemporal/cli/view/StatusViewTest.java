package dev.velatemporal.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status table as a person reads it (issue 10, section 5): how long a wait has left, bars per revision. */
class StatusViewTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void aStepWaitingForPodsSaysHowLongItsProgressDeadlineHasLeft() {
        ApplicationStatus status = shop(GenerationPhase.RUNNING, "",
                List.of(new StepStatus("batch-0", "canary-rollout", StepPhase.RUNNING,
                        "batch 1 of 3: catalog-v2 to 2 of 6 replicas, waiting for its pods",
                        "2025-06-01T12:09:58Z", ""),
                        new StepStatus("soak", "suspend", StepPhase.PENDING, "")),
                List.of(new RevisionStatus("catalog-v1", "podinfo:6.7.0", 6, 6, 100),
                        new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 1, 0)));

        String table = StatusView.render(status, false, NOW);

        assertThat(table).contains("batch-0  canary-rollout  running  batch 1 of 3: catalog-v2 to 2 of 6 replicas,"
                + " waiting for its pods; progress deadline in 9m58s (2025-06-01T12:09:58Z)");
        assertThat(table).containsPattern("catalog\\s+catalog-v1\\s+stable\\s+6/6\\s+100%\\s+podinfo:6.7.0");
        assertThat(table).containsPattern("\\s+catalog-v2\\s+target\\s+1/2\\s+0%\\s+podinfo:6.7.1");
    }

    @Test
    void aDeadlineThatHasPassedSaysSo() {
        StepStatus late = new StepStatus("batch-0", "canary-rollout", StepPhase.RUNNING, "waiting for its pods",
                "2025-06-01T11:59:59Z", "");

        assertThat(StatusView.message(late, NOW))
                .isEqualTo("waiting for its pods; progress deadline passed (2025-06-01T11:59:59Z)");
    }

    @Test
    void aTimedSuspendSaysWhenItResumesByItself() {
        ApplicationStatus status = shop(GenerationPhase.SUSPENDED, "waiting for resume at step soak",
                List.of(new StepStatus("batch-0", "canary-rollout", StepPhase.SUCCEEDED, ""),
                        new StepStatus("soak", "suspend", StepPhase.SUSPENDED, "", "", "2025-06-01T12:10:00Z")),
                List.of(new RevisionStatus("catalog-v1", "podinfo:6.7.0", 4, 4, 80),
                        new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 2, 20)));

        assertThat(StatusView.render(status, false, NOW)).containsPattern(
                "soak\\s+suspend\\s+suspended\\s+resumes by itself in 10m \\(2025-06-01T12:10:00Z\\)");
    }

    @Test
    void eachBarMeasuresARevisionAgainstItsOwnDesiredReplicas() {
        ApplicationStatus status = shop(GenerationPhase.RUNNING, "",
                List.of(new StepStatus("batch-0", "canary-rollout", StepPhase.RUNNING, "")),
                List.of(new RevisionStatus("catalog-v1", "podinfo:6.7.0", 4, 4, 100),
                        new RevisionStatus("catalog-v2", "podinfo:6.7.1", 2, 1, 0)));

        String watched = StatusView.render(status, true, NOW);

        // 4 of 4: done; 1 of 2: half way. Against the component's 6 they would read 13 and 3 of 20.
        assertThat(watched).containsPattern("catalog-v1\\s+stable\\s+4/4\\s+100%\\s+\\[#{20}\\]");
        assertThat(watched).containsPattern("catalog-v2\\s+target\\s+1/2\\s+0%\\s+\\[#{10}-{10}\\]");
    }

    @Test
    void aDeletedApplicationShowsNoRevisionLeft() {
        ApplicationStatus status = shop(GenerationPhase.DELETED,
                "the Application and everything it created were deleted", List.of(), List.of());

        String watched = StatusView.render(status, true, NOW);

        assertThat(watched).contains("phase: deleted").doesNotContain("catalog-v1").doesNotContain("#");
        assertThat(watched).containsPattern("(?m)^catalog\\s+-$");
    }

    @Test
    void durationsAreWholeSecondsRoundedUp() {
        assertThat(StatusView.shortDuration(Duration.ofMillis(400))).isEqualTo("1s");
        assertThat(StatusView.shortDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(StatusView.shortDuration(Duration.ofSeconds(598))).isEqualTo("9m58s");
        assertThat(StatusView.shortDuration(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(StatusView.shortDuration(Duration.ofMinutes(90).plusSeconds(5))).isEqualTo("1h30m");
    }

    private static ApplicationStatus shop(GenerationPhase phase, String message, List<StepStatus> steps,
            List<RevisionStatus> revisions) {
        String current = steps.stream().filter(s -> s.phase() == StepPhase.RUNNING || s.phase() == StepPhase.SUSPENDED)
                .map(StepStatus::name).findFirst().orElse("");
        return new ApplicationStatus("shop", "default", "default.shop", 2, phase, message, current, steps,
                List.of(new ComponentStatus("catalog", "catalog-v1", "catalog-v2", revisions)), List.of());
    }
}
