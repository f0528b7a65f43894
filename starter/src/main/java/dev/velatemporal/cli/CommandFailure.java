package dev.velatemporal.cli;

/** Ends a command with an exit code and one line that says what went wrong and what to do next. */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
