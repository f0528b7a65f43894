package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.cli.StarterMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The starter's command entry point, run in-process as {@code bin/starter} runs it, with its output captured. */
final class StarterRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {}

    private final String address;
    private final List<String> always;

    /** @param always arguments every Temporal command gets (a payload key, say) */
    StarterRunner(String address, String... always) {
        this.address = address;
        this.always = List.of(always);
    }

    /** Runs {@code args}; commands that talk to Temporal get the dev stack's address unless they name one. */
    Run run(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        if (!args[0].equals("traffic") && !List.of(args).contains("--address")) {
            full.add("--address");
            full.add(address);
            full.addAll(always);
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        // System.out is global: one starter at a time.
        synchronized (StarterRunner.class) {
            try {
                System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
                int exit = StarterMain.run(full.toArray(String[]::new));
                return new Run(exit, outBytes.toString(StandardCharsets.UTF_8),
                        errBytes.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    /** {@code status APP -n NS -o json}, which must succeed. */
    JsonNode status(String app, String namespace) throws IOException {
        Run run = run("status", app, "-n", namespace, "-o", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }
}
