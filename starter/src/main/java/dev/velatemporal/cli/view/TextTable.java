package dev.velatemporal.cli.view;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, as kubectl prints them; the last column is never padded. */
public final class TextTable {

    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(List.of(header));
    }

    /** A row; missing trailing cells are empty. */
    public void row(String... cells) {
        List<String> row = new ArrayList<>(List.of(cells));
        while (row.size() < rows.get(0).size()) {
            row.add("");
        }
        rows.add(row);
    }

    public void appendTo(StringBuilder out) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
