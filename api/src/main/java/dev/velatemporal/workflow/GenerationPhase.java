package dev.velatemporal.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The phase of a generation, written as docs/behaviour.md writes it ({@code rolledBack}). */
public enum GenerationPhase {
    PENDING("pending"),
    RUNNING("running"),
    SUSPENDED("suspended"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    ROLLED_BACK("rolledBack"),
    DELETED("deleted");

    private final String value;

    GenerationPhase(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static GenerationPhase of(String value) {
        for (GenerationPhase phase : values()) {
            if (phase.value.equals(value)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown generation phase " + value);
    }

    /** True once the generation can do nothing more by itself. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK || this == DELETED;
    }
}
