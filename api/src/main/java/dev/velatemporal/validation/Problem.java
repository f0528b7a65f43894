package dev.velatemporal.validation;

/**
 * One thing wrong with an Application: the field path ({@code spec.components[0].properties.image}), what is
 * wrong, and where in the source it stands when it came from a file (line and column count from 1; 0 when unknown).
 */
public record Problem(String path, String message, int line, int column) {

    public static Problem at(String path, String message) {
        return new Problem(path, message, 0, 0);
    }

    public boolean hasPosition() {
        return line > 0;
    }

    public Problem withPosition(int line, int column) {
        return new Problem(path, message, line, column);
    }

    /** {@code path: message}, or just the message for problems of the file as a whole. */
    public String describe() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    /** {@code source:line:column: path: message}, the form editors and terminals link to the spot. */
    public String describe(String source) {
        String where = hasPosition() ? source + ":" + line + ":" + column : source;
        return where + ": " + describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
