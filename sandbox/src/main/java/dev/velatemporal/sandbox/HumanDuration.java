package dev.velatemporal.sandbox;

import java.time.Duration;

/**
 * An age as kubectl's AGE column shows it: {@code 45s}, {@code 5m12s}, {@code 3h20m}, {@code 2d4h}. Precise when
 * the age is small and coarser as it grows, so a column of ages stays narrow.
 */
final class HumanDuration {

    private HumanDuration() {}

    static String of(Duration age) {
        long seconds = age.getSeconds();
        if (seconds < -1) {
            return "<invalid>"; // created in the future: a clock is off
        }
        if (seconds < 0) {
            return "0s"; // within clock skew of now
        }
        if (seconds < 2 * 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return pair(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return pair(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (days < 8) {
            return pair(days, "d", hours % 24, "h");
        }
        if (days < 2 * 365) {
            return days + "d";
        }
        return pair(days / 365, "y", days % 365, "d");
    }

    /** {@code 5m12s}, or {@code 5m} when the smaller unit is 0. */
    private static String pair(long large, String largeUnit, long small, String smallUnit) {
        return small == 0 ? large + largeUnit : large + largeUnit + small + smallUnit;
    }
}
