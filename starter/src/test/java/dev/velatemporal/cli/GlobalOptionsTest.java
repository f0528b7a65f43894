package dev.velatemporal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The options every command that talks to Temporal shares go before the command or after it, as in kubectl. */
class GlobalOptionsTest {

    private FakeFrontend temporal;

    @BeforeEach
    void start() {
        temporal = FakeFrontend.start().pollers(1)
                .running("shop", "book-info", "suspended", "reviews-v2")
                .answers("shop.book-info", "status", Statuses.suspended("shop"));
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    @Test
    void addressBeforeTheCommand() {
        String refused = "localhost:" + TemporalWithoutWorker.freePort();

        StarterRun run = StarterRun.of("--address", refused, "status", "book-info");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot reach Temporal at " + refused + " ");
    }

    @Test
    void namespaceAndOutputBeforeTheCommand() {
        StarterRun run = StarterRun.of("--address", temporal.address(), "-n", "shop", "-o", "yaml", "status",
                "book-info");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("application: book-info\n").contains("\nnamespace: shop\n",
                "\nphase: suspended\n", "\ncurrentStep: manual-approval\n", "  - name: reviews-v1\n");
    }

    @Test
    void theSameOptionsAfterTheCommand() {
        StarterRun run = StarterRun.of("status", "book-info", "-n", "shop", "--address", temporal.address(),
                "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"namespace\" : \"shop\"");
    }

    @Test
    void taskQueueAndTemporalNamespaceBeforeTheCommand() {
        temporal.pollers(0);

        StarterRun run = StarterRun.of("--task-queue", "canaries", "--temporal-namespace", "default",
                "--address", temporal.address(), "status", "book-info", "-n", "shop");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no worker polls task queue canaries in Temporal namespace default");
    }

    @Test
    void theNamespaceReachesEveryApplicationCommand() {
        StarterRun run = StarterRun.of("-n", "elsewhere", "--address", temporal.address(), "resume", "book-info");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no application book-info in namespace elsewhere");
    }
}
