package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationClient;
import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.workflow.WorkflowIds;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that talk to Temporal: where it is, and the task queue of the workers. */
final class RemoteOptions {

    @Mixin
    TemporalOptions temporal;

    @Option(names = "--task-queue", defaultValue = WorkflowIds.TASK_QUEUE, paramLabel = "NAME",
            description = "Task queue the workers poll (default: ${DEFAULT-VALUE}).")
    String taskQueue;

    /** A connection known to answer; close it when done. */
    TemporalConnection open() {
        return TemporalConnection.open(temporal);
    }

    ApplicationClient client(TemporalConnection connection) {
        return new ApplicationClient(connection, taskQueue);
    }
}
