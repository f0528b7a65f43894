package dev.velatemporal.worker;

import java.time.Duration;

/** Durations as people read them in the worker's messages: {@code 1s}, {@code 500ms}, {@code 2m}. */
final class DurationText {

    private DurationText() {}

    static String of(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
