package dev.velatemporal.cli.options;

import dev.velatemporal.model.GoDuration;
import java.time.Duration;

/** Durations as Applications write them ({@code 500ms}, {@code 1s}, {@code 2m30s}). */
public final class DurationConverter extends ParsingConverter<Duration> {

    public DurationConverter() {
        super(text -> GoDuration.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "\"" + text + "\" is not a duration: write it as 500ms, 1s, 2m30s")));
    }
}
