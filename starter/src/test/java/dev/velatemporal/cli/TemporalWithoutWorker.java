package dev.velatemporal.cli;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Temporal's Java test server (the dev stack's Temporal) on a free port, with no worker polling anything. */
final class TemporalWithoutWorker implements AutoCloseable {

    private final int port;
    private final TestServer.PortBoundTestServer server;

    private TemporalWithoutWorker(int port) {
        this.port = port;
        this.server = TestServer.createPortBoundServer(port, true);
    }

    static TemporalWithoutWorker start() {
        return new TemporalWithoutWorker(freePort());
    }

    String address() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.close();
    }

    /** A loopback port nobody listens on right now (the test server binds only the port it is given). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
