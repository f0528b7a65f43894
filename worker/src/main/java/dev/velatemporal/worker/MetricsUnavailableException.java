package dev.velatemporal.worker;

/** The metrics endpoint cannot be served (its port is taken, say). */
public final class MetricsUnavailableException extends RuntimeException {

    MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
