package dev.velatemporal.devstack;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dev stack's Temporal: the official Java test server on a port, in real time, as
 * {@code TestServer.createPortBoundServer} builds it, plus {@link QueriesAfterWorkflowTasks} in front of its
 * services (which that factory has no way to add). The server classes are the test server's own public ones.
 */
final class EmbeddedTemporal implements AutoCloseable {

    private static final long SHUTDOWN_SECONDS = 5;

    private final TestServicesStarter services;
    private final Server server;

    private EmbeddedTemporal(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /** Listens on {@code port} of every interface, as the test server does. */
    static EmbeddedTemporal start(int port) throws IOException {
        return start(port, List.of(new QueriesAfterWorkflowTasks()));
    }

    /** With these interceptors instead; the last one sees a call first. */
    static EmbeddedTemporal start(int port, List<ServerInterceptor> interceptors) throws IOException {
        // true: time is never skipped, so a suspend or a progress deadline lasts as long as it says; 0: now.
        TestServicesStarter services = new TestServicesStarter(true, 0);
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder, interceptors);
        try {
            return new EmbeddedTemporal(services, builder.build().start());
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
