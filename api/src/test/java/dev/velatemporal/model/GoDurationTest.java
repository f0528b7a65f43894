package dev.velatemporal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as KubeVela users write them in {@code suspend}'s {@code duration}. */
class GoDurationTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("durations")
    void parsesGoDurations(String text, Duration expected) {
        assertThat(GoDuration.parse(text)).contains(expected);
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h30m", Duration.ofMinutes(90)),
                Arguments.of("1.5h", Duration.ofMinutes(90)),
                Arguments.of("300ms", Duration.ofMillis(300)),
                Arguments.of("0", Duration.ZERO),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("2h45m30.5s", Duration.ofHours(2).plusMinutes(45).plusSeconds(30).plusMillis(500)),
                Arguments.of(".5s", Duration.ofMillis(500)),
                Arguments.of("1500us", Duration.ofNanos(1_500_000)),
                Arguments.of("1500µs", Duration.ofNanos(1_500_000)),
                Arguments.of("10ns", Duration.ofNanos(10)),
                Arguments.of("30m1h", Duration.ofMinutes(90)),
                Arguments.of("8784h", Duration.ofDays(366)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {
        "", "5x", "1h 30m", " 5m", "5m ", "-5m", "+5m", "5", "1.5", "h", "m5", "5 m", "5M", "1d", "8785h", "366d",
        "99999999999999999999h"})
    void refusesWhatIsNotAGoDurationOfAtMostAYear(String text) {
        assertThat(GoDuration.parse(text)).isEmpty();
    }
}
