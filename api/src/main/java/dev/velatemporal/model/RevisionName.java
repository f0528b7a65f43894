package dev.velatemporal.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A component revision name, {@code <component>-v<N>} with N counting from 1, e.g. {@code reviews-v2}. */
public record RevisionName(String component, int number) {

    private static final Pattern FORM = Pattern.compile("(.+)-v([1-9][0-9]{0,8})");

    public RevisionName {
        if (number < 1) {
            throw new IllegalArgumentException("revision numbers start at 1, got " + number);
        }
    }

    public static Optional<RevisionName> parse(String text) {
        Matcher m = FORM.matcher(text);
        return m.matches() ? Optional.of(new RevisionName(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    public RevisionName next() {
        return new RevisionName(component, number + 1);
    }

    @Override
    public String toString() {
        return component + "-v" + number;
    }
}
