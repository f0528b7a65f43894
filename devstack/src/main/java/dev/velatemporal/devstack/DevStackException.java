package dev.velatemporal.devstack;

/** The dev stack cannot start as asked; the message says why and what to change. */
public final class DevStackException extends RuntimeException {

    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
