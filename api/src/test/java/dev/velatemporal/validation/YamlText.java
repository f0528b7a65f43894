package dev.velatemporal.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A YAML text and small, checked edits on it, to derive invalid Applications from a valid one. Every edit names a
 * text that must occur exactly once, so a case cannot silently stop changing anything when the base changes.
 */
final class YamlText {

    private final String text;

    YamlText(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** Replaces the one occurrence of {@code from}. */
    YamlText replace(String from, String to) {
        int at = uniqueIndexOf(from);
        return new YamlText(text.substring(0, at) + to + text.substring(at + from.length()));
    }

    /** Removes the one line that contains {@code marker}. */
    YamlText removeLine(String marker) {
        List<String> lines = lines();
        lines.remove(lineIndex(marker));
        return new YamlText(join(lines));
    }

    /** Removes the line that contains {@code marker} and the following lines indented deeper than it. */
    YamlText removeBlock(String marker) {
        List<String> lines = lines();
        int start = lineIndex(marker);
        int indent = indentOf(lines.get(start));
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).isEmpty() && indentOf(lines.get(end)) > indent) {
            end++;
        }
        lines.subList(start, end).clear();
        return new YamlText(join(lines));
    }

    /** Inserts lines after the one containing {@code marker}, each indented like that line plus its own spaces. */
    YamlText addAfter(String marker, String... added) {
        return insert(lineIndex(marker) + 1, marker, added);
    }

    /** Inserts lines before the one containing {@code marker}, each indented like that line plus its own spaces. */
    YamlText addBefore(String marker, String... added) {
        return insert(lineIndex(marker), marker, added);
    }

    YamlText append(String more) {
        return new YamlText(text + more);
    }

    /** The 1-based line that contains {@code marker} (which must be on exactly one line). */
    int lineOf(String marker) {
        return lineIndex(marker) + 1;
    }

    /** The 1-based number of the first line after the one containing {@code after} that contains {@code marker}. */
    int lineOf(String marker, String after) {
        List<String> lines = lines();
        for (int i = lineIndex(after) + 1; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("\"" + marker + "\" is on no line after \"" + after + "\" in\n" + text);
    }

    /** The 1-based column at which {@code marker} starts on its line. */
    int columnOf(String marker) {
        return lines().get(lineIndex(marker)).indexOf(marker) + 1;
    }

    @Override
    public String toString() {
        return text;
    }

    private YamlText insert(int index, String marker, String... added) {
        List<String> lines = lines();
        String indent = " ".repeat(indentOf(lines.get(lineIndex(marker))));
        List<String> indented = Arrays.stream(added).map(line -> indent + line).toList();
        lines.addAll(index, indented);
        return new YamlText(join(lines));
    }

    private int uniqueIndexOf(String part) {
        int first = text.indexOf(part);
        if (first < 0 || text.indexOf(part, first + 1) >= 0) {
            throw new IllegalArgumentException("expected exactly one \"" + part + "\" in\n" + text);
        }
        return first;
    }

    private int lineIndex(String marker) {
        List<String> lines = lines();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("\"" + marker + "\" is on more than one line of\n" + text);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("\"" + marker + "\" is on no line of\n" + text);
        }
        return found;
    }

    private List<String> lines() {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
