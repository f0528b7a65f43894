package dev.velatemporal.identity;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Who sends an apply, resume, rollback or delete: a name in the {@value #HEADER} header of the signal or update
 * (Temporal headers travel beside the payload, so the payload-free signals keep working from the {@code temporal}
 * CLI), and the same name as the client's Temporal identity, so Temporal's own history shows it too.
 */
public final class Senders {

    /** The header the starter names itself in; the worker's {@code SenderInterceptor} reads it. */
    public static final String HEADER = "vela-sender";
    /** The longest name kept; a longer one is cut (status events and the history stay readable). */
    public static final int MAX_LENGTH = 100;

    private Senders() {}

    /** {@code user@host}: the login name and the host name, as a default for {@code --as}. */
    public static String local() {
        String user = System.getProperty("user.name", "");
        if (user.isBlank()) {
            user = System.getenv().getOrDefault("USER", "unknown");
        }
        return user + "@" + host();
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception | Error e) {
                host = "localhost";
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** {@code name} as recorded: trimmed, one line, at most {@link #MAX_LENGTH} characters; null when blank. */
    public static String clean(String name) {
        if (name == null) {
            return null;
        }
        String line = name.replaceAll("\\s+", " ").trim();
        if (line.isEmpty()) {
            return null;
        }
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) : line;
    }
}
