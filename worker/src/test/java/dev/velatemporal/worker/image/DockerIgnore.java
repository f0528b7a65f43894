package dev.velatemporal.worker.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: which paths of the build context Docker leaves out. Patterns are relative to the
 * context's root; {@code *} and {@code ?} stay within one path element, {@code **} spans any number of them; a
 * pattern that matches a directory leaves out everything under it; {@code !} brings back what an earlier pattern
 * left out, and the last pattern that matches decides.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exclude) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code file}; none when it does not exist. */
    static DockerIgnore read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String pattern = line.strip();
                if (pattern.isEmpty() || pattern.startsWith("#")) {
                    continue;
                }
                boolean exclude = !pattern.startsWith("!");
                pattern = exclude ? pattern : pattern.substring(1).strip();
                while (pattern.startsWith("/")) {
                    pattern = pattern.substring(1);
                }
                while (pattern.endsWith("/")) {
                    pattern = pattern.substring(0, pattern.length() - 1);
                }
                rules.add(new Rule(Pattern.compile(regex(pattern)), exclude));
            }
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether Docker leaves {@code path} ({@code /}-separated, relative to the context root) out. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItOrAParent(rule.pattern(), path)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    private static boolean matchesItOrAParent(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
