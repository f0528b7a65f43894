package dev.velatemporal.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One run of the starter's command line, in-process, with what it printed. */
record StarterRun(int exitCode, String out, String err) {

    static StarterRun of(String... args) {
        return withStdin("", args);
    }

    static StarterRun withStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = StarterMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        InputStream originalIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int exitCode = commandLine.execute(args);
            return new StarterRun(exitCode, out.toString(), err.toString());
        } finally {
            System.setIn(originalIn);
        }
    }
}
