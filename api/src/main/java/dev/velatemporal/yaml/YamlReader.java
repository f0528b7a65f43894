package dev.velatemporal.yaml;

import dev.velatemporal.validation.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML text into node trees within {@link YamlLimits}. Only composes nodes: nothing is constructed, so no
 * alias is ever expanded and no tag can instantiate a class.
 */
final class YamlReader {

    private final YamlLimits limits;

    YamlReader(YamlLimits limits) {
        this.limits = limits;
    }

    ParsedYaml read(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            return failed(Problem.at("", "the input is larger than " + size(limits.maxBytes())
                    + ", the limit for Application files"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (MalformedInputException e) {
            return failed(Problem.at("", "the file is not UTF-8 text (is it binary?)"));
        } catch (CharacterCodingException e) {
            return failed(Problem.at("", "the file is not UTF-8 text: " + e.getMessage()));
        }
        return read(text);
    }

    ParsedYaml read(String text) {
        if (text.length() > limits.maxBytes()) {
            return failed(Problem.at("", "the input is larger than " + size(limits.maxBytes())
                    + ", the limit for Application files"));
        }
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : yaml().composeAll(new java.io.StringReader(text))) {
                if (documents.size() == limits.maxDocuments()) {
                    return failed(Problem.at("", "more than " + limits.maxDocuments() + " documents in one file"));
                }
                if (!isEmpty(document)) {
                    documents.add(document);
                }
            }
        } catch (MarkedYAMLException e) {
            return failed(syntaxProblem(e));
        } catch (ReaderException e) {
            return failed(unreadableCharacter(text, e));
        } catch (YAMLException e) {
            return failed(Problem.at("", "not valid YAML: " + limitMessage(e.getMessage())));
        } catch (StackOverflowError e) {
            // Belt and braces: the nesting limit should stop any descent long before this.
            return failed(Problem.at("", "the YAML is nested too deeply"));
        }
        return new ParsedYaml(List.copyOf(documents), List.of());
    }

    private Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxBytes());
        options.setAllowRecursiveKeys(false);
        // Duplicate keys are reported by the binder, which knows the field path and both lines.
        options.setAllowDuplicateKeys(true);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options);
    }

    private Problem syntaxProblem(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
        Problem problem = Problem.at("", "not valid YAML: " + limitMessage(what) + context);
        return mark == null ? problem : problem.withPosition(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** SnakeYAML's wording for the limits it enforces, said in ours. */
    private String limitMessage(String message) {
        if (message == null) {
            return "unreadable input";
        }
        if (message.startsWith("Number of aliases")) {
            return "more than " + limits.maxAliases() + " aliases to mappings or lists (a YAML alias bomb?)";
        }
        if (message.startsWith("Nesting Depth exceeded")) {
            return "nested more than " + limits.maxNestingDepth() + " levels deep";
        }
        if (message.contains("code points in the input")) {
            return "larger than " + limits.maxBytes() + " characters";
        }
        return message.strip();
    }

    /** A document with nothing in it, such as the one after a trailing {@code ---}, as kubectl and helm write. */
    private static boolean isEmpty(Node document) {
        return document == null
                || (document instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)
                        && scalar.getValue().isEmpty());
    }

    private static Problem unreadableCharacter(String text, ReaderException e) {
        int offset = text.offsetByCodePoints(0, Math.min(e.getPosition(), text.codePointCount(0, text.length())));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return Problem.at("", String.format(Locale.ROOT, "the character U+%04X is not allowed in YAML (is this a "
                + "binary file?)", e.getCodePoint())).withPosition(line, offset - lineStart + 1);
    }

    static Problem tooLarge(long size, YamlLimits limits) {
        return Problem.at("", "the file is " + size(size) + "; Application files are limited to "
                + size(limits.maxBytes()));
    }

    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }

    private static ParsedYaml failed(Problem problem) {
        return new ParsedYaml(List.of(), List.of(problem));
    }
}
