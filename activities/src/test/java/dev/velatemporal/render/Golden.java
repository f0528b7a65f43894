package dev.velatemporal.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Golden files: the expected rendering of an Application, committed under {@code src/test/resources/golden/}.
 *
 * <p>Rendered output and golden are compared field by field (both parsed into Jackson trees, one per YAML
 * document), so formatting and comments in a golden do not matter, but every value, its type and the order of
 * documents and list items do. A mismatch names the document (kind and name), the JSON pointer of the first field
 * that differs, and shows a line diff.
 *
 * <p>To regenerate the goldens after an intended change of the rendering, run
 * <pre>cd /work/main &amp;&amp; mvn -q -o -B -pl activities test -Dtest=GoldenRenderTest -Dgolden.update=true</pre>
 * which writes the files instead of comparing them; then read {@code git diff} before committing.
 */
final class Golden {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");
    static final String UPDATE_PROPERTY = "golden.update";

    private Golden() {}

    static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    static Path file(String name) {
        return DIRECTORY.resolve(name + ".yaml");
    }

    /** Compares {@code rendered} with the golden {@code name}, or writes it in update mode. */
    static void check(String name, String source, String rendered) {
        Path golden = file(name);
        if (updating()) {
            write(golden, "# Golden of GoldenRenderTest: the first deploy of " + source + " (Istio v1).\n"
                    + "# Do not edit by hand; regenerate with -D" + UPDATE_PROPERTY + "=true (see Golden.java).\n"
                    + rendered);
            return;
        }
        if (!Files.isRegularFile(golden)) {
            throw new AssertionError("no golden file " + golden + " for " + source + "; generate it with\n  mvn -q -o -B"
                    + " -pl activities test -Dtest=GoldenRenderTest -D" + UPDATE_PROPERTY + "=true\nand review it");
        }
        String expected = read(golden);
        compare(expected, rendered).ifPresent(difference -> {
            throw new AssertionError("rendering of " + source + " differs from golden " + golden + "\n" + difference
                    + "\n(if the change is intended, regenerate with -D" + UPDATE_PROPERTY + "=true and review the diff)");
        });
    }

    /** The first difference between two YAML streams, described for a person, or empty when they are equal. */
    static Optional<String> compare(String expectedYaml, String actualYaml) {
        List<JsonNode> expected = Manifests.documents(expectedYaml);
        List<JsonNode> actual = Manifests.documents(actualYaml);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            JsonNode e = expected.get(i);
            JsonNode a = actual.get(i);
            Optional<String> field = firstDifference(e, a, "");
            if (field.isPresent()) {
                String which = Manifests.describe(e).equals(Manifests.describe(a))
                        ? Manifests.describe(e)
                        : "expected " + Manifests.describe(e) + ", rendered " + Manifests.describe(a);
                return Optional.of("document " + (i + 1) + " of " + expected.size() + " (" + which + "): "
                        + field.get() + "\n\ndiff of that document (- golden, + rendered):\n"
                        + diff(Manifests.yaml(e), Manifests.yaml(a)));
            }
        }
        if (expected.size() != actual.size()) {
            List<String> missing = expected.subList(Math.min(expected.size(), actual.size()), expected.size())
                    .stream().map(Manifests::describe).toList();
            List<String> extra = actual.subList(Math.min(expected.size(), actual.size()), actual.size())
                    .stream().map(Manifests::describe).toList();
            return Optional.of("golden has " + expected.size() + " documents, rendered " + actual.size()
                    + (missing.isEmpty() ? "" : "; not rendered: " + missing)
                    + (extra.isEmpty() ? "" : "; rendered in addition: " + extra));
        }
        return Optional.empty();
    }

    /**
     * The JSON pointer of the first field where {@code actual} differs from {@code expected}, with both values:
     * fields in the golden's order first, then fields only the rendering has.
     */
    static Optional<String> firstDifference(JsonNode expected, JsonNode actual, String pointer) {
        String at = pointer.isEmpty() ? "/" : pointer;
        if (expected.getNodeType() != actual.getNodeType()) {
            return Optional.of(at + ": expected " + show(expected) + " but was " + show(actual));
        }
        if (expected.isObject()) {
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String child = pointer + "/" + escape(name);
                if (!actual.has(name)) {
                    return Optional.of(child + ": expected " + show(expected.get(name)) + " but the field is missing");
                }
                Optional<String> difference = firstDifference(expected.get(name), actual.get(name), child);
                if (difference.isPresent()) {
                    return difference;
                }
            }
            Iterator<String> actualNames = actual.fieldNames();
            while (actualNames.hasNext()) {
                String name = actualNames.next();
                if (!expected.has(name)) {
                    return Optional.of(pointer + "/" + escape(name) + ": unexpected field, value "
                            + show(actual.get(name)));
                }
            }
            return Optional.empty();
        }
        if (expected.isArray()) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                Optional<String> difference = firstDifference(expected.get(i), actual.get(i), pointer + "/" + i);
                if (difference.isPresent()) {
                    return difference;
                }
            }
            if (expected.size() != actual.size()) {
                return Optional.of(at + ": expected " + expected.size() + " items but was " + actual.size());
            }
            return Optional.empty();
        }
        if (expected.isNumber()) {
            // 80 is 80 whether it was read as an int or a long; 80 and 80.5 or "80" still differ.
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0
                    ? Optional.empty()
                    : Optional.of(at + ": expected " + show(expected) + " but was " + show(actual));
        }
        return expected.equals(actual)
                ? Optional.empty()
                : Optional.of(at + ": expected " + show(expected) + " but was " + show(actual));
    }

    /** RFC 6901: {@code app.oam.dev/name} is the pointer token {@code app.oam.dev~1name}. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String show(JsonNode node) {
        String text = node.isValueNode() ? node.toString() : node.getNodeType().toString().toLowerCase() + " " + node;
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** A line diff (longest common subsequence), with two lines of context around each change. */
    static String diff(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i]);
                i++;
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                lines.add("- " + a[i++]);
            } else {
                lines.add("+ " + b[j++]);
            }
        }
        StringBuilder out = new StringBuilder();
        int lastPrinted = -1;
        for (int k = 0; k < lines.size(); k++) {
            boolean near = false;
            for (int c = Math.max(0, k - 2); c <= Math.min(lines.size() - 1, k + 2); c++) {
                near |= !lines.get(c).startsWith("  ");
            }
            if (near) {
                if (lastPrinted >= 0 && k > lastPrinted + 1) {
                    out.append("  ...\n");
                }
                out.append(lines.get(k)).append('\n');
                lastPrinted = k;
            }
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write golden " + file, e);
        }
    }
}
