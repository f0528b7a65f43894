package dev.velatemporal.connection;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server that answers only Temporal's health check: enough for {@link TemporalConnection#open} to connect,
 * without the Temporal test server, which this module does not depend on.
 */
final class HealthOnlyServer implements AutoCloseable {

    private final Server server;

    private HealthOnlyServer(Server server) {
        this.server = server;
    }

    static HealthOnlyServer start() throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME, ServingStatus.SERVING);
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(health.getHealthService())
                .build()
                .start();
        return new HealthOnlyServer(server);
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
