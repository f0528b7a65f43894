package dev.velatemporal.connection;

import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/**
 * A connection to a Temporal frontend that is known to answer: opening it checks the server's health first, so
 * a wrong address is one clear error at the start instead of a timeout deep inside the first call.
 */
public final class TemporalConnection implements AutoCloseable {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

    private final String address;
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;

    private TemporalConnection(String address, WorkflowServiceStubs stubs, WorkflowClient client) {
        this.address = address;
        this.stubs = stubs;
        this.client = client;
    }

    public static TemporalConnection open(TemporalOptions options) {
        return open(options.resolve(), CONNECT_TIMEOUT);
    }

    /** @throws TemporalUnreachableException when no frontend answers at the profile's address in time */
    public static TemporalConnection open(ClientConfigProfile profile, Duration timeout) {
        String address = profile.getAddress();
        WorkflowServiceStubs stubs;
        try {
            // A query that is not answered in a few seconds has no worker behind it: say so rather than wait 10 s.
            WorkflowServiceStubsOptions options = WorkflowServiceStubsOptions
                    .newBuilder(profile.toWorkflowServiceStubsOptions())
                    .setRpcQueryTimeout(QUERY_TIMEOUT)
                    .build();
            stubs = WorkflowServiceStubs.newConnectedServiceStubs(options, timeout);
        } catch (RuntimeException e) {
            throw new TemporalUnreachableException("cannot reach Temporal at " + address + " (" + rootMessage(e)
                    + "): start the dev stack with bin/worker --dev, or point --address (TEMPORAL_ADDRESS) at your"
                    + " Temporal frontend", e);
        }
        return new TemporalConnection(address, stubs,
                WorkflowClient.newInstance(stubs, profile.toWorkflowClientOptions()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public String address() {
        return address;
    }

    public String namespace() {
        return client.getOptions().getNamespace();
    }

    public WorkflowClient client() {
        return client;
    }

    public WorkflowServiceStubs stubs() {
        return stubs;
    }

    @Override
    public void close() {
        stubs.shutdown();
        stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
