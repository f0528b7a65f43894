package dev.velatemporal.cli;

import java.util.List;

/**
 * Subcommands that are not part of the starter itself but join it when their jar is on the class path, found
 * with {@link java.util.ServiceLoader}. The dev stack adds {@code traffic} this way, so the starter a user
 * installs has no dev-only commands, while {@code bin/starter} in a source checkout has them.
 */
public interface StarterExtension {

    /** picocli {@code @Command} objects to add as subcommands. */
    List<Object> commands();
}
