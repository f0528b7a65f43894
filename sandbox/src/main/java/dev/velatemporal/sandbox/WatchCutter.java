package dev.velatemporal.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes, from the server side, every watch that has been open for {@code after}, as a real API server ends a
 * watch at its timeout or on restart; fabric8's client watches again.
 *
 * <p>Why from the mock's event loop: the mock sends watch events from its event loop (inside the dispatch of the
 * write that caused them), and a close racing a send from another thread can hang it (the known deadlock, see
 * {@link SandboxCluster}). A periodic timer set from within a dispatch runs on that same event loop, so a cut
 * never runs while an event is being sent.
 */
final class WatchCutter {

    private final Duration after;
    private final Map<WebSocket, Long> open = new ConcurrentHashMap<>();
    private final AtomicInteger cut = new AtomicInteger();
    private volatile Vertx vertx;
    private volatile long timer = -1;

    WatchCutter(Duration after) {
        this.after = after;
    }

    /** Called in every dispatch: the first one, on the event loop, sets the periodic cut there. */
    void startOnEventLoop() {
        if (after == null || timer >= 0) {
            return;
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            return; // not on the event loop (a direct call in a unit test): no cuts
        }
        synchronized (this) {
            if (timer < 0) {
                vertx = context.owner();
                long period = Math.max(100, after.toMillis() / 4);
                timer = vertx.setPeriodic(period, id -> cutOld());
            }
        }
    }

    /** A watch's answer, with its listener wrapped so the socket is known while open. */
    MockResponse track(MockResponse response) {
        WebSocketListener listener = response.getWebSocketListener();
        if (after == null || listener == null) {
            return response;
        }
        return response.withWebSocketUpgrade(new Tracked(listener));
    }

    int cut() {
        return cut.get();
    }

    synchronized void stop() {
        if (timer >= 0 && vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void cutOld() {
        long now = System.nanoTime();
        open.forEach((socket, since) -> {
            if (now - since >= after.toNanos() && open.remove(socket) != null) {
                cut.incrementAndGet();
                socket.close(1000, "watch cut by the sandbox fault layer");
            }
        });
    }

    /** Delegates everything; remembers the socket from open to close. */
    private final class Tracked extends WebSocketListener {

        private final WebSocketListener delegate;

        Tracked(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket socket, Response response) {
            delegate.onBeforeAccept(socket, response);
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
            open.put(socket, System.nanoTime());
            delegate.onOpen(socket, response);
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
            delegate.onMessage(socket, text);
        }

        @Override
        public void onMessage(WebSocket socket, ByteString bytes) {
            delegate.onMessage(socket, bytes);
        }

        @Override
        public void onMessage(WebSocket socket, byte[] bytes) {
            delegate.onMessage(socket, bytes);
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            open.remove(socket);
            delegate.onClosing(socket, code, reason);
        }

        @Override
        public void onClosed(WebSocket socket, int code, String reason) {
            open.remove(socket);
            delegate.onClosed(socket, code, reason);
        }

        @Override
        public void onFailure(WebSocket socket, Throwable error, Response response) {
            open.remove(socket);
            delegate.onFailure(socket, error, response);
        }
    }
}
