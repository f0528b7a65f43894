package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import picocli.CommandLine.Parameters;

/** {@code APP} (with the global {@code -n NAMESPACE}): which Application a command is about, as kubectl names them. */
public final class ApplicationName {

    @Parameters(index = "0", paramLabel = "APP", description = "Name of the Application (metadata.name).")
    public String name;

    /** The global {@code -n}, handed over before the command runs ({@link StarterMain}): read it from here. */
    public String namespace = GlobalOptions.DEFAULT_NAMESPACE;

    public ApplicationRef ref() {
        return new ApplicationRef(namespace, name);
    }
}
