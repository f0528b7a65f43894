package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.client.ApplicationRef;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that must fit the situation they are printed in. */
class MessagesTest {

    @Test
    void aFinishedGenerationIsNotSaidTwice() {
        StringWriter out = new StringWriter();

        new ProgressLines(new PrintWriter(out, true)).print(Statuses.finished("book-info", 1,
                GenerationPhase.SUCCEEDED, "generation 1 succeeded"));

        assertThat(out.toString()).isEqualTo("  generation 1 succeeded\n");
    }

    @Test
    void progressLinesSpeakProseNotEnumNames() {
        StringWriter out = new StringWriter();

        new ProgressLines(new PrintWriter(out, true)).print(Statuses.finished("book-info", 2,
                GenerationPhase.ROLLED_BACK, "rolled back by the rollback signal at step manual-approval: everything"
                        + " is as before generation 2"));

        assertThat(out.toString()).isEqualTo("  generation 2 rolled back: rolled back by the rollback signal at step"
                + " manual-approval: everything is as before generation 2\n");
    }

    @Test
    void aRejectedResumeIsTheWorkflowsReasonAndWhereToLook() {
        assertThat(new ResumeCommand().refusal(new ApplicationRef("default", "book-info"),
                "nothing is suspended (generation 2 was rolled back)"))
                .isEqualTo("book-info: nothing is suspended (generation 2 was rolled back); see bin/starter status"
                        + " book-info");
        assertThat(new ResumeCommand().refusal(new ApplicationRef("shop", "book-info"),
                "nothing is suspended (generation 1 succeeded)")).endsWith("; see bin/starter status book-info -n shop");
    }

    @Test
    void aRejectedRollbackOfAFinishedGenerationNamesNoBookinfoFile() {
        assertThat(new RollbackCommand().refusal(new ApplicationRef("default", "shop"),
                "no generation is running or suspended (generation 3 succeeded)"))
                .isEqualTo("shop: no generation is running or suspended (generation 3 succeeded); rollback only"
                        + " undoes a running or suspended generation: to go back to an earlier revision, apply the"
                        + " spec that had it (bin/starter apply -f FILE)");
    }

    @Test
    void afterADeliberateRollbackThereIsNoCauseToFix() {
        ApplicationStatus rolledBack = Statuses.finished("book-info", 2, GenerationPhase.ROLLED_BACK, "");

        assertThat(Outcome.nextStep(rolledBack)).isEqualTo("next: nothing; everything is as before generation 2."
                + " To roll the same spec out again: bin/starter apply -f FILE --force");
        assertThat(Outcome.nextStep(Statuses.finished("book-info", 2, GenerationPhase.FAILED, "step x failed")))
                .isEqualTo("next: fix the cause, then bin/starter apply -f FILE --force to try again");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret.yaml"), "kind: Application\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "root reads any file: nothing to deny");

        StarterRun run = StarterRun.of("validate", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(file + ": cannot read " + file + ": permission denied");
    }
}
