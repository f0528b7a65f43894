package dev.velatemporal.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.sandbox.FreePort;
import dev.velatemporal.worker.visibility.SearchAttributeSetup;
import dev.velatemporal.workflow.VelaSearchAttributes;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The suspended count against the dev stack's embedded Temporal, which has no visibility queries: the fallback
 * lists the open workflows and reads their {@code VelaPhase}.
 */
class SuspendedApplicationsTest {

    /** Stands in for the Application workflow: same type name, search attributes given at start, never ends. */
    @WorkflowInterface
    public interface ApplicationWorkflow {
        @WorkflowMethod(name = "ApplicationWorkflow")
        void run();
    }

    public static class WaitingForever implements ApplicationWorkflow {
        @Override
        public void run() {
            Workflow.await(() -> false);
        }
    }

    private Closeable server;
    private TemporalConnection connection;
    private WorkerFactory factory;

    @BeforeEach
    void start() {
        int port = FreePort.find();
        server = TestServer.createPortBoundServer(port, true);
        connection = TemporalConnection.open(TemporalOptions.local(port).resolve(), Duration.ofSeconds(10));
        SearchAttributeSetup.register(connection.stubs(), connection.namespace());
        factory = WorkerFactory.newInstance(connection.client());
        factory.newWorker("counting").registerWorkflowImplementationTypes(WaitingForever.class);
        factory.start();
    }

    @AfterEach
    void stop() throws Exception {
        factory.shutdownNow();
        connection.close();
        server.close();
    }

    @Test
    void countsTheOpenApplicationWorkflowsWhosePhaseIsSuspended() {
        startWith("default.a", "suspended");
        startWith("default.b", "running");
        startWith("team-a.c", "suspended");
        Instant now = Instant.parse("2026-11-26T00:00:00Z");
        SuspendedApplications suspended = new SuspendedApplications(connection.stubs(), connection.namespace(),
                Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(suspended.value()).isEqualTo(2);
    }

    @Test
    void asksTemporalAtMostOncePerRefresh() {
        startWith("default.a", "suspended");
        Instant[] now = {Instant.parse("2026-11-26T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        SuspendedApplications suspended = new SuspendedApplications(connection.stubs(), connection.namespace(),
                Duration.ofSeconds(5), clock);
        assertThat(suspended.value()).isEqualTo(1);

        startWith("default.b", "suspended");
        now[0] = now[0].plusSeconds(4);
        assertThat(suspended.value()).as("within the refresh: the last count").isEqualTo(1);
        now[0] = now[0].plusSeconds(2);
        assertThat(suspended.value()).isEqualTo(2);
    }

    private void startWith(String id, String phase) {
        WorkflowStub.fromTyped(connection.client().newWorkflowStub(ApplicationWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("counting")
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(VelaSearchAttributes.PHASE, phase).build())
                        .build())).start();
    }
}
