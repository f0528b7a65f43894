package dev.velatemporal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.velatemporal.ReferenceFiles;
import dev.velatemporal.validation.Problem;
import dev.velatemporal.validation.Problems;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input written to hurt: alias bombs, deep nesting, huge or endless input, binary garbage. Each is refused promptly
 * with a clear message, never an OutOfMemoryError, a StackOverflowError or a hang. "Promptly" is a loose bound, so
 * that a busy CI machine cannot fail it: the loader answers in milliseconds, and what it guards against would take
 * minutes or never end.
 */
class HostileInputTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final String HEADER = """
            apiVersion: core.oam.dev/v1beta1
            kind: Application
            metadata:
              name: shop
            """;

    private final ApplicationLoader loader = new ApplicationLoader();

    @TempDir
    Path tempDir;

    @BeforeAll
    static void warmUp() {
        // Class loading and compiling the scanner's loops must not count against the time limit of a test.
        ApplicationLoader loader = new ApplicationLoader();
        assertThat(loader.load(ReferenceFiles.path(ReferenceFiles.ROLLOUT_V2)).isValid()).isTrue();
        assertThat(loader.parse(paddedTo(HEADER + "spec:\n  components: []\n", 300_000)).isValid()).isFalse();
    }

    @Test
    void billionLaughsAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder(HEADER)
                .append("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++) {
            String alias = "*lol" + (level - 1);
            yaml.append("lol").append(level).append(": &lol").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, alias))).append("]\n");
        }
        yaml.append("spec:\n  components: *lol9\n");

        List<Problem> problems = promptly(() -> loader.parse(yaml.toString())).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(tuple("",
                "not valid YAML: more than 50 aliases to mappings or lists (a YAML alias bomb?)"));
    }

    @Test
    void aliasBombUnderTheAliasLimitIsNotExpanded() {
        // 25 levels of 2 aliases: 49 aliases in all, and 2^24 components if anything walked the aliases.
        StringBuilder yaml = new StringBuilder(HEADER).append("bomb:\n  l0: &l0 [lol, lol]\n");
        for (int level = 1; level < 25; level++) {
            yaml.append("  l").append(level).append(": &l").append(level)
                    .append(" [*l").append(level - 1).append(", *l").append(level - 1).append("]\n");
        }
        yaml.append("spec:\n  components: *l24\n");

        List<Problem> problems = promptly(() -> loader.parse(yaml.toString())).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("bomb", "unknown field \"bomb\"; known fields: apiVersion, kind, metadata, spec"),
                tuple("spec.components[0]", "must be a mapping, not a list"),
                tuple("spec.components[1]", "must be a mapping, not a list"));
    }

    @Test
    void tenThousandDeepFlowSequencesAreRefused() {
        String yaml = "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        assertRefusedAsTooDeep(yaml);
    }

    @Test
    void tenThousandDeepBlockSequencesAreRefused() {
        String yaml = "- ".repeat(10_000) + "x\n";

        assertRefusedAsTooDeep(yaml);
    }

    @Test
    void tenThousandDeepFlowMappingsAreRefused() {
        String yaml = "{a: ".repeat(10_000) + "x" + "}".repeat(10_000) + "\n";

        assertRefusedAsTooDeep(yaml);
    }

    @Test
    void fiftyMegabyteFileIsRefusedBeforeReadingIt() throws IOException {
        Path file = tempDir.resolve("huge.yaml");
        try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
            huge.setLength(50L * 1024 * 1024);
        }

        List<Problem> problems = promptly(() -> loader.load(file)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "the file is 50.0 MiB; Application files are limited to 1.0 MiB"));
    }

    @Test
    void endlessStreamIsReadOnlyUpToTheLimit() {
        EndlessStream endless = new EndlessStream();

        List<Problem> problems = promptly(() -> loader.load(endless)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "the input is larger than 1.0 MiB, the limit for Application files"));
        assertThat(endless.bytesRead).isEqualTo(YamlLimits.DEFAULT.maxBytes() + 1L);
    }

    @Test
    void streamOfExactlyTheLimitIsRead() {
        byte[] padded = paddedTo(HEADER + "spec:\n  components: []\n", YamlLimits.DEFAULT.maxBytes());

        List<Problem> problems = promptly(() -> loader.load(new ByteArrayInputStream(padded))).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("spec.components", "must list at least one component"));
    }

    @Test
    void randomBinaryGarbageIsRefused() {
        byte[] garbage = new byte[5_000];
        new Random(20240501L).nextBytes(garbage);

        List<Problem> problems = promptly(() -> loader.parse(garbage)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "the file is not UTF-8 text (is it binary?)"));
    }

    @Test
    void controlCharactersInUtf8TextAreRefused() {
        String yaml = HEADER.replace("name: shop", "name: sh\u0001op") + "spec:\n  components: []\n";

        List<Problem> problems = promptly(() -> loader.parse(yaml)).problems();

        int offset = yaml.indexOf('\u0001');
        int line = (int) yaml.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
        int column = offset - yaml.lastIndexOf('\n', offset);
        assertThat(problems).extracting(Problem::path, Problem::message, Problem::line, Problem::column)
                .containsExactly(tuple("", "the character U+0001 is not allowed in YAML (is this a binary file?)",
                        line, column));
    }

    @Test
    void emptyFileHoldsNoApplication() throws IOException {
        Path file = Files.writeString(tempDir.resolve("empty.yaml"), "");

        List<Problem> problems = promptly(() -> loader.load(file)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "the file holds no Application"));
    }

    @Test
    void fileOfOnlyCommentsHoldsNoApplication() throws IOException {
        Path file = Files.writeString(tempDir.resolve("comments.yaml"), "# an Application\n# will follow\n");

        List<Problem> problems = promptly(() -> loader.load(file)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "the file holds no Application"));
    }

    @Test
    void scalarDocumentIsNotAnApplication() {
        List<Problem> problems = promptly(() -> loader.parse("hello\n")).problems();

        assertThat(problems).extracting(Problem::path, Problem::message, Problem::line, Problem::column)
                .containsExactly(tuple("", "expected an Application (a mapping with apiVersion, kind, metadata and spec), found the string \"hello\"", 1, 1));
    }

    @Test
    void listDocumentIsNotAnApplication() {
        List<Problem> problems = promptly(() -> loader.parse("- apiVersion: core.oam.dev/v1beta1\n")).problems();

        assertThat(problems).extracting(Problem::path, Problem::message, Problem::line, Problem::column)
                .containsExactly(tuple("", "expected an Application (a mapping with apiVersion, kind, metadata and spec), found a list", 1, 1));
    }

    @Test
    void thousandUnknownKeysAreCappedWithACountOfTheRest() {
        String yaml = IntStream.range(0, 1_000).mapToObj(i -> "key" + i + ": " + i + "\n")
                .collect(Collectors.joining());

        List<Problem> problems = promptly(() -> loader.parse(yaml)).problems();

        // 1,000 unknown keys, then apiVersion, kind, metadata, metadata.name, spec, spec.components missing.
        assertThat(problems).hasSize(Problems.LIMIT + 1);
        assertThat(problems).extracting(Problem::path, Problem::message)
                .contains(tuple("", "... and 806 more problems"))
                .contains(tuple("key0", "unknown field \"key0\"; known fields: apiVersion, kind, metadata, spec"))
                .contains(tuple("key199", "unknown field \"key199\"; known fields: apiVersion, kind, metadata, spec"))
                .doesNotContain(tuple("key200",
                        "unknown field \"key200\"; known fields: apiVersion, kind, metadata, spec"));
    }

    @Test
    void theCountOfUnlistedProblemsComesLast() {
        String yaml = IntStream.range(0, 1_000).mapToObj(i -> "key" + i + ": " + i + "\n")
                .collect(Collectors.joining());

        List<Problem> problems = loader.parse(yaml).problems();

        assertThat(problems.get(problems.size() - 1).message()).isEqualTo("... and 806 more problems");
    }

    @Test
    void veryLongSingleLineIsReadAndProblemsPointIntoIt() {
        String padding = "x".repeat(900_000);
        String yaml = "{apiVersion: core.oam.dev/v1beta1, kind: Application, metadata: {name: shop, annotations: "
                + "{note: " + padding + "}}, spec: {components: [{name: web, type: webservice, properties: "
                + "{image: nginx, port: 0}}]}}";

        List<Problem> problems = promptly(() -> loader.parse(yaml)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message, Problem::line, Problem::column)
                .containsExactly(tuple("spec.components[0].properties.port",
                        "0 is not a port: must be between 1 and 65535", 1, yaml.indexOf("port: 0") + 7));
    }

    @Test
    void singleLineBeyondTheLimitIsRefused() {
        String yaml = "metadata: {name: " + "x".repeat(2 * 1024 * 1024) + "}";

        List<Problem> problems = promptly(() -> loader.parse(yaml)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "the input is larger than 1.0 MiB, the limit for Application files"));
    }

    @Test
    void aTrailingDocumentSeparatorIsNotAnEmptyApplication() throws Exception {
        String yaml = ReferenceFiles.text(ReferenceFiles.ROLLOUT_V2) + "---\n";

        assertThat(loader.parse(yaml).problems()).isEmpty();
    }

    private void assertRefusedAsTooDeep(String yaml) {
        List<Problem> problems = promptly(() -> loader.parse(yaml)).problems();

        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                tuple("", "not valid YAML: nested more than 64 levels deep"));
    }

    private static LoadResult promptly(ThrowingSupplier<LoadResult> load) {
        LoadResult result = assertTimeoutPreemptively(PROMPTLY, load);
        assertThat(result.applications()).isEmpty();
        return result;
    }

    private static byte[] paddedTo(String yaml, int size) {
        byte[] bytes = new byte[size];
        byte[] text = yaml.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, bytes, 0, text.length);
        // A comment as long as the rest: valid YAML of exactly the size.
        bytes[text.length] = '#';
        for (int i = text.length + 1; i < size - 1; i++) {
            bytes[i] = ' ';
        }
        bytes[size - 1] = '\n';
        return bytes;
    }

    /** Never ends; counts what was taken from it. */
    private static final class EndlessStream extends InputStream {
        long bytesRead;

        @Override
        public int read() {
            bytesRead++;
            return 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 'a');
            bytesRead += length;
            return length;
        }
    }
}
