package dev.velatemporal.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The phase of one step of a generation. */
public enum StepPhase {
    PENDING("pending"),
    RUNNING("running"),
    SUSPENDED("suspended"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    SKIPPED("skipped"),
    CANCELLED("cancelled");

    private final String value;

    StepPhase(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static StepPhase of(String value) {
        for (StepPhase phase : values()) {
            if (phase.value.equals(value)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown step phase " + value);
    }
}
