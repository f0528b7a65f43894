package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Optional;

/** {@code suspend}: waits for the {@code resume} signal, or until {@code duration} has passed when one is set. */
public record SuspendStep(String name, Properties properties) implements WorkflowStep {

    public static final String TYPE = "suspend";

    @Override
    public String type() {
        return TYPE;
    }

    /** @param duration a Go duration such as {@code 30s} or {@code 1h30m}; null waits for resume only */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(String duration) {

        public Optional<Duration> autoResumeAfter() {
            return duration == null ? Optional.empty() : GoDuration.parse(duration);
        }
    }
}
