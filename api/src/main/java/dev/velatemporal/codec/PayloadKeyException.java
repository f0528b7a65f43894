package dev.velatemporal.codec;

/** A payload key cannot be loaded; the message names the source and how to make a good key. */
public final class PayloadKeyException extends RuntimeException {

    public PayloadKeyException(String message) {
        super(message);
    }

    public PayloadKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
