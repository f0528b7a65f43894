package dev.velatemporal.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Who did something to an Application, and when: an apply, a resume, a rollback, a delete (docs/behaviour.md
 * section 3, "Who did what").
 *
 * @param what what was done: {@code apply}, {@code resume at step manual-approval}, {@code rollback}, {@code delete}
 * @param by who sent it: the {@code vela-sender} header of the signal or update ({@code user@host}, or the
 *     starter's {@code --as NAME}); without that header, {@code an unnamed sender (...)} with where the Temporal
 *     history names it
 * @param at when the workflow received it, as an ISO-8601 instant (workflow time)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Attribution(String what, String by, String at) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** {@code alice@laptop at 17:40:02} (UTC, as the status events' {@code at}). */
    public String byAt() {
        return by + " at " + clock(at);
    }

    /** The time of day of an ISO-8601 instant, {@code HH:mm:ss} UTC; the text itself when it is not one. */
    public static String clock(String instant) {
        try {
            return CLOCK.format(Instant.parse(instant));
        } catch (RuntimeException e) {
            return String.valueOf(instant);
        }
    }
}
