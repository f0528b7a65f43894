package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code APP [-n NAMESPACE]}: which Application a command is about, as kubectl names objects. */
public final class ApplicationName {

    @Parameters(index = "0", paramLabel = "APP", description = "Name of the Application (metadata.name).")
    public String name;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", paramLabel = "NAMESPACE",
            description = "Namespace of the Application (default: ${DEFAULT-VALUE}).")
    public String namespace;

    public ApplicationRef ref() {
        return new ApplicationRef(namespace, name);
    }
}
