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
        String app = status.application() + (status.namespace().equals("default") ? "" : " -n "
                + status.namespace());
        return switch (status.phase()) {
            case SUSPENDED -> "next: bin/starter resume " + app + " to go on, or bin/starter rollback " + app
                    + " to undo this generation";
            case FAILED, ROLLED_BACK -> "next: fix the cause, then bin/starter apply -f FILE --force to try again";
            case SUCCEEDED -> "done";
            default -> "";
        };
    }
}
