package dev.velatemporal.client;

/**
 * Something the starter asked of Temporal cannot be done: no such application, no worker answering, nothing
 * suspended. The message is one line that says what to do next.
 */
public final class RemoteFailure extends RuntimeException {

    public RemoteFailure(String message) {
        super(message);
    }
}
