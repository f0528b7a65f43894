package dev.velatemporal.cli;

import dev.velatemporal.validation.Problem;
import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import dev.velatemporal.yaml.YamlLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option of the commands that read Applications, and its loading. */
final class ApplicationFile {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "YAML file with one or more Applications; - reads standard input.")
    String file;

    /** What standard input held, when the file is {@code -}: it cannot be read twice. */
    private byte[] stdinBytes = new byte[0];

    /** Loads and validates the file, printing every problem to {@code err} in compiler style. */
    LoadResult load(InputStream stdin, PrintWriter err) {
        LoadResult result;
        if (file.equals("-")) {
            try {
                // As ApplicationLoader.load(InputStream) reads it: one byte more than the limit, then refused.
                stdinBytes = stdin.readNBytes(YamlLimits.DEFAULT.maxBytes() + 1);
                result = new ApplicationLoader().parse(stdinBytes);
            } catch (IOException e) {
                err.println("<stdin>: cannot read standard input: " + e.getMessage());
                return new LoadResult(List.of(), List.of(Problem.at("", e.getMessage())));
            }
        } else {
            result = new ApplicationLoader().load(Path.of(file));
        }
        for (Problem problem : result.problems()) {
            err.println(problem.describe(displayName()));
        }
        if (!result.isValid()) {
            int count = result.problems().size();
            err.println(displayName() + ": " + count + (count == 1 ? " problem" : " problems")
                    + "; fix " + (count == 1 ? "it" : "them") + " and run the command again");
        }
        err.flush();
        return result;
    }

    /** The text of a file that loaded, to find where a field stands in it. */
    String source() {
        if (file.equals("-")) {
            return new String(stdinBytes, StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return ""; // gone since it was loaded: problems are then reported without a position
        }
    }

    String displayName() {
        return file.equals("-") ? "<stdin>" : file;
    }
}
