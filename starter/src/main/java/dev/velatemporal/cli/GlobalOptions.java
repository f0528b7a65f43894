package dev.velatemporal.cli;

import dev.velatemporal.client.AddressProbe;
import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.connection.ClientExtras;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.identity.Senders;
import dev.velatemporal.workflow.WorkflowIds;
import io.temporal.envconfig.ClientConfigProfile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares: where Temporal is (the {@code temporal} CLI's settings), the task queue, the
 * Kubernetes namespace and the output format. They are picocli's inherited options, declared once on the top
 * command, so they go before the command or after it, as kubectl's do: {@code bin/starter -n shop status app}.
 */
final class GlobalOptions {

    static final String DEFAULT_NAMESPACE = "default";

    enum Output { table, json, yaml }

    @Mixin
    TemporalOptions temporal;

    @Option(names = "--task-queue", scope = ScopeType.INHERIT, defaultValue = WorkflowIds.TASK_QUEUE,
            paramLabel = "NAME", description = "Task queue the workers poll (default: ${DEFAULT-VALUE}).")
    String taskQueue;

    // No picocli default: list must tell "-n default" from no -n at all (-A and -n exclude each other).
    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
            description = "Kubernetes namespace of the Application (default: " + DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, defaultValue = "table", paramLabel = "FORMAT",
            description = "status and list: table (default), json or yaml.")
    Output output;

    @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Who sends the apply, resume, rollback or delete: recorded in the status events and the"
                    + " history, and the Temporal identity Temporal's history shows (default: user@host).")
    String as;

    /** The options of the command line {@code spec} belongs to. */
    static GlobalOptions of(CommandSpec spec) {
        return ((StarterMain) spec.root().userObject()).globals;
    }

    /** Who this starter sends as: {@code --as}, else {@code user@host}. */
    String sender() {
        String named = Senders.clean(as);
        return named != null ? named : Senders.local();
    }

    String namespace() {
        return namespace != null ? namespace : DEFAULT_NAMESPACE;
    }

    boolean namespaceGiven() {
        return namespace != null;
    }

    /**
     * A connection known to answer; close it when done. The payload key is read first (a bad key file is a
     * settings error whether or not Temporal is up), then the address is probed, then gRPC connects.
     */
    TemporalConnection open() {
        ClientExtras extras = ClientExtras.none().withPayloadKey(temporal.payloadKey()).withSender(sender());
        ClientConfigProfile profile = temporal.resolve();
        AddressProbe.check(profile.getAddress(), TemporalConnection.CONNECT_TIMEOUT);
        return TemporalConnection.open(profile, TemporalConnection.CONNECT_TIMEOUT, extras);
    }

    ApplicationClient client(TemporalConnection connection) {
        return new ApplicationClient(connection, taskQueue);
    }
}
