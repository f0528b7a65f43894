package dev.velatemporal.connection;

/** No Temporal frontend answered at the address; the message names it and how to get one. */
public final class TemporalUnreachableException extends RuntimeException {

    public TemporalUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
