package dev.velatemporal.cli;

import dev.velatemporal.workflow.GenerationPhase;

/**
 * Generation phases in prose. {@code rolledBack} is how the status document writes the phase (a field value, for
 * machines); a sentence says "was rolled back".
 */
final class Phases {

    private Phases() {}

    /** The phase as a word in a line of progress: {@code generation 2 rolled back}. */
    static String word(GenerationPhase phase) {
        return phase == GenerationPhase.ROLLED_BACK ? "rolled back" : phase.value();
    }

    /** The rest of a sentence about a generation: {@code generation 2 was rolled back}. */
    static String sentence(GenerationPhase phase) {
        return switch (phase) {
            case PENDING -> "is waiting for its first apply";
            case RUNNING -> "is running";
            case SUSPENDED -> "is suspended";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case ROLLED_BACK -> "was rolled back";
            case DELETED -> "was deleted";
        };
    }
}
