package dev.velatemporal.connection;

/** The connection settings cannot be used as given; the message says which and what to change. */
public final class ConnectionSettingsException extends RuntimeException {

    public ConnectionSettingsException(String message) {
        super(message);
    }

    public ConnectionSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
