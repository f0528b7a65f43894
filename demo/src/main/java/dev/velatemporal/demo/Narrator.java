package dev.velatemporal.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The demo's voice: chapter headings, the commands a user would type, and the pause at the approval. */
final class Narrator {

    private final PrintStream out;
    private final boolean interactive;
    private int chapter;

    Narrator(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    void chapter(String title, String explanation) {
        chapter++;
        out.println();
        out.println("== " + chapter + ". " + title);
        out.println(explanation);
    }

    void command(String line) {
        out.println();
        out.println("$ " + line);
        out.flush();
    }

    void say(String line) {
        out.println(line);
        out.flush();
    }

    /** With --interactive, waits for Enter; otherwise says what a person would do here and goes on. */
    void approval(String question) {
        out.println();
        if (!interactive) {
            out.println(question + " (approving; run with --interactive to decide yourself)");
            return;
        }
        out.print(question + " Press Enter to approve... ");
        out.flush();
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            // no input to wait for: approve
        }
    }
}
