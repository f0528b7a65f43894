package dev.velatemporal.yaml;

import java.util.List;

/** "Did you mean image?" for a misspelt field: the known name within two edits, if there is one. */
final class Suggestions {

    private static final int MAX_EDITS = 2;

    private Suggestions() {}

    /** {@code " (did you mean \"image\"?)"}, or "" when no known name is close. */
    static String didYouMean(String given, List<String> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : known) {
            int distance = distance(given.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    /** Levenshtein distance; names are short, so the quadratic table is cheap. */
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_EDITS || a.length() > 64 || b.length() > 64) {
            return MAX_EDITS + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
