package dev.velatemporal.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} in the Prometheus text format, for Prometheus to scrape, and the two probes a
 * Kubernetes Deployment asks: {@code /healthz} (the process answers) and {@code /readyz} (the worker is polling;
 * 503 before it starts and once it is stopping).
 */
public final class MetricsServer implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param port the port on every interface; 0 picks a free one
     * @param ready whether the worker polls its task queue now
     */
    public static MetricsServer start(int port, Supplier<String> scrape, BooleanSupplier ready) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage()
                    + " (choose another with --metrics-port)", e);
        }
        server.createContext("/metrics", exchange -> answer(exchange, 200, CONTENT_TYPE, scrape.get()));
        server.createContext("/healthz", exchange -> answer(exchange, 200, TEXT, "ok\n"));
        server.createContext("/readyz", exchange -> {
            // Asked once: the status code and the text must agree even while the worker is stopping.
            boolean polling = ready.getAsBoolean();
            answer(exchange, polling ? 200 : 503, TEXT, polling ? "ready\n" : "not polling\n");
        });
        server.start();
        return new MetricsServer(server);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String text)
            throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
