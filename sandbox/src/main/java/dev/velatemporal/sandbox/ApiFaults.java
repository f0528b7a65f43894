package dev.velatemporal.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * What the sandbox API's {@link FaultInjector} does: answer a share ({@code rate}) of the marked requests with a
 * transient fault picked by a seeded random (500, 503, 429, 409, or a reset before or after the request is
 * executed), apply {@code rules} first, and cut every watch that has been open for {@code cutWatchesAfter}.
 *
 * <p>Only requests carrying the header {@value #MARK_HEADER} get faults: a test marks the worker's client and
 * leaves the simulated kubelet's and its own checks on a healthy API. Watches are never given random faults
 * (only cut, or refused by a rule): a refused WebSocket upgrade sends fabric8 to an HTTP streaming watch, which
 * the mock cannot serve, and that is a scenario of its own.
 *
 * @param seed printed by the injector, so a failing run can be replayed
 * @param rate 0..1
 * @param cutWatchesAfter null: watches are never cut
 */
public record ApiFaults(long seed, double rate, Duration cutWatchesAfter, List<FaultRule> rules) {

    public static final String MARK_HEADER = "X-Vela-Sandbox-Faults";

    public ApiFaults {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate " + rate + " is outside 0..1");
        }
        rules = List.copyOf(rules);
    }

    /** Only these rules, no random faults, no cuts. */
    public static ApiFaults rules(FaultRule... rules) {
        return new ApiFaults(0, 0, null, List.of(rules));
    }

    /** The measure: about 20% of requests faulted, watches cut every few seconds. */
    public static ApiFaults transientFaults(long seed) {
        return new ApiFaults(seed, 0.2, Duration.ofSeconds(3), List.of());
    }

    public ApiFaults withRules(FaultRule... more) {
        return new ApiFaults(seed, rate, cutWatchesAfter, java.util.stream.Stream.concat(rules.stream(),
                java.util.stream.Stream.of(more)).toList());
    }
}
