package dev.velatemporal.worker;

/** The metrics endpoint cannot be served (its port is taken, say). */
final class MetricsUnavailableException extends RuntimeException {

    MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
