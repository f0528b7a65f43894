package dev.velatemporal.cli;

import dev.velatemporal.workflow.ApplicationStatus;

/** What a settled generation means for the exit code, and what to do next. */
final class Outcome {

    /** The workflow's message for a spec it refused before applying anything. */
    private static final String INVALID_PREFIX = "invalid Application";

    private Outcome() {}

    static int exitCode(ApplicationStatus status) {
        return switch (status.phase()) {
            case SUCCEEDED, SUSPENDED, DELETED -> ExitCodes.OK;
            case FAILED -> status.message().startsWith(INVALID_PREFIX) ? ExitCodes.INVALID : ExitCodes.OPERATIONAL;
            default -> ExitCodes.OPERATIONAL;
        };
    }

    static String nextStep(ApplicationStatus status) {
        String app = status.application() + namespaceFlag(status.namespace());
        return switch (status.phase()) {
            case SUSPENDED -> "next: bin/starter resume " + app + " to go on, or bin/starter rollback " + app
                    + " to undo this generation";
            case FAILED -> "next: fix the cause, then bin/starter apply -f FILE --force to try again";
            // Asked for: nothing went wrong, so there is no cause to fix.
            case ROLLED_BACK -> "next: nothing; everything is as before generation " + status.generation() + "."
                    + " To roll the same spec out again: bin/starter apply -f FILE --force";
            case SUCCEEDED -> "done";
            default -> "";
        };
    }

    /** {@code " -n NS"} for a namespace other than the default, as a command to copy needs it. */
    static String namespaceFlag(String namespace) {
        return namespace.equals(GlobalOptions.DEFAULT_NAMESPACE) ? "" : " -n " + namespace;
    }
}
