package dev.velatemporal.client;

import dev.velatemporal.connection.TemporalUnreachableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * A plain TCP connect to Temporal's address before gRPC is involved. gRPC retries a refused connection with
 * back-off until the health check's deadline (7 s to say "refused") and logs every failed name resolution (80
 * lines for a mistyped host); a socket says either in milliseconds, in one line.
 */
public final class AddressProbe {

    private static final int DEFAULT_PORT = 7233;

    private AddressProbe() {}

    /** @throws TemporalUnreachableException when nothing listens at {@code address}, or its host is unknown */
    public static void check(String address, Duration timeout) {
        HostPort target = HostPort.parse(address);
        if (proxied(target)) {
            return; // gRPC connects through the proxy: a direct connection would prove nothing
        }
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(target.host());
        } catch (UnknownHostException e) {
            throw unreachable(address, "unknown host " + target.host(), "point --address (TEMPORAL_ADDRESS) at your"
                    + " Temporal frontend, or start the dev stack with bin/worker --dev");
        }
        String reason = "connection refused";
        for (InetAddress candidate : candidates) {
            // As gRPC does: any one of the host's addresses will do (localhost is ::1 and 127.0.0.1).
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(candidate, target.port()), (int) timeout.toMillis());
                return;
            } catch (SocketTimeoutException e) {
                reason = "no answer within " + timeout.toSeconds() + " s";
            } catch (ConnectException e) {
                // Refused (or unreachable): try the host's next address.
            } catch (IOException e) {
                reason = e.getMessage();
            }
        }
        throw unreachable(address, reason, "start the dev stack with bin/worker --dev, or point --address"
                + " (TEMPORAL_ADDRESS) at your Temporal frontend");
    }

    /** Whether gRPC would go through a proxy to reach {@code target}, as its default proxy detector decides. */
    private static boolean proxied(HostPort target) {
        if (System.getenv("GRPC_PROXY_EXP") != null) {
            return true;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return false;
        }
        try {
            List<Proxy> proxies = selector
                    .select(new URI("https", null, target.host(), target.port(), null, null, null));
            return proxies.stream().anyMatch(proxy -> proxy.type() != Proxy.Type.DIRECT);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static TemporalUnreachableException unreachable(String address, String reason, String next) {
        return new TemporalUnreachableException("cannot reach Temporal at " + address + " (" + reason + "): " + next,
                null);
    }

    /** {@code host:port}, {@code [v6]:port} or a bare host (Temporal's port). */
    record HostPort(String host, int port) {

        static HostPort parse(String address) {
            String text = address.replaceFirst("^[a-z]+:///?", ""); // dns:///host:port, as gRPC targets allow
            int colon = text.lastIndexOf(':');
            boolean bracketed = text.startsWith("[");
            boolean bareV6 = !bracketed && text.indexOf(':') != colon;
            if (colon < 0 || bareV6 || (bracketed && colon < text.indexOf(']'))) {
                return new HostPort(strip(text), DEFAULT_PORT);
            }
            try {
                return new HostPort(strip(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return new HostPort(strip(text), DEFAULT_PORT);
            }
        }

        private static String strip(String host) {
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }
    }
}
