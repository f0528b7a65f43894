package dev.velatemporal.cli.view;

/** {@code [######------]}: how much of a whole is done, in plain ASCII so it survives any terminal and log. */
final class ProgressBar {

    private static final int WIDTH = 20;

    private ProgressBar() {}

    static String of(int done, int whole) {
        int filled = whole <= 0 ? 0 : (int) Math.round((double) WIDTH * Math.min(done, whole) / whole);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }
}
