package dev.velatemporal.devstack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which Temporal the dev stack runs ({@code --temporal}): the Temporal CLI's dev server with its UI, or the
 * official Java test server embedded in the process.
 *
 * @param mode {@link Mode#AUTO} picks the CLI's dev server when the CLI is installed
 * @param uiPort the Temporal UI's port (CLI only); 0 picks a free one
 * @param database a SQLite file that keeps workflows across restarts (CLI only); empty: in memory
 */
public record TemporalServerChoice(Mode mode, int uiPort, Optional<Path> database) {

    public enum Mode { EMBEDDED, CLI, AUTO }

    /** The embedded test server: what the tests run on unless they ask for the real one. */
    public static TemporalServerChoice embedded() {
        return new TemporalServerChoice(Mode.EMBEDDED, 0, Optional.empty());
    }

    public static TemporalServerChoice cli(int uiPort) {
        return new TemporalServerChoice(Mode.CLI, uiPort, Optional.empty());
    }
}
