package dev.velatemporal.connection;

import dev.velatemporal.codec.AesGcmPayloadCodec;
import dev.velatemporal.codec.KeylessPayloadCodec;
import dev.velatemporal.codec.PayloadKey;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
    private final Optional<String> payloadKeyId;
    private final Optional<String> sender;

    private TemporalConnection(String address, WorkflowServiceStubs stubs, WorkflowClient client,
            Optional<String> payloadKeyId, Optional<String> sender) {
        this.address = address;
        this.stubs = stubs;
        this.client = client;
        this.payloadKeyId = payloadKeyId;
        this.sender = sender;
    }

    /**
     * @throws ConnectionSettingsException when the settings, payload key included, cannot be used
     * @throws TemporalUnreachableException when no frontend answers at the address in time
     */
    public static TemporalConnection open(TemporalOptions options) {
        // The key first: a bad key file is a settings error, whether or not Temporal is up.
        ClientExtras extras = ClientExtras.none().withPayloadKey(options.payloadKey());
        return open(options.resolve(), CONNECT_TIMEOUT, extras);
    }

    /** @throws TemporalUnreachableException when no frontend answers at the profile's address in time */
    public static TemporalConnection open(ClientConfigProfile profile, Duration timeout) {
        return open(profile, timeout, ClientExtras.none());
    }

    /** @throws TemporalUnreachableException when no frontend answers at the profile's address in time */
    public static TemporalConnection open(ClientConfigProfile profile, Duration timeout, ClientExtras extras) {
        String address = profile.getAddress();
        WorkflowServiceStubs stubs;
        try {
            stubs = WorkflowServiceStubs.newConnectedServiceStubs(stubsOptions(profile, extras), timeout);
        } catch (RuntimeException e) {
            throw new TemporalUnreachableException("cannot reach Temporal at " + address + " (" + rootMessage(e)
                    + "): start the dev stack with bin/worker --dev, or point --address (TEMPORAL_ADDRESS) at your"
                    + " Temporal frontend", e);
        }
        return new TemporalConnection(address, stubs,
                WorkflowClient.newInstance(stubs, clientOptions(profile, extras)),
                extras.payloadKey().map(PayloadKey::id), extras.sender());
    }

    static WorkflowServiceStubsOptions stubsOptions(ClientConfigProfile profile, ClientExtras extras) {
        // A query that is not answered in a few seconds has no worker behind it: say so rather than wait 10 s.
        WorkflowServiceStubsOptions.Builder builder = WorkflowServiceStubsOptions
                .newBuilder(profile.toWorkflowServiceStubsOptions())
                .setRpcQueryTimeout(QUERY_TIMEOUT);
        if (extras.metricsScope() != null) {
            builder.setMetricsScope(extras.metricsScope());
        }
        return builder.build();
    }

    static WorkflowClientOptions clientOptions(ClientConfigProfile profile, ClientExtras extras) {
        WorkflowClientOptions.Builder builder = WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
                .setContextPropagators(extras.contextPropagators())
                .setInterceptors(extras.interceptors())
                .setDataConverter(dataConverter(extras.payloadKey()));
        // The same name in Temporal's history (each signal's and update's identity) as in the workflow's record.
        extras.sender().ifPresent(builder::setIdentity);
        return builder.build();
    }

    /**
     * Without a key payloads stay plain, but an encrypted one read by mistake says which key is missing rather
     * than that no converter knows its encoding.
     */
    static DataConverter dataConverter(Optional<PayloadKey> key) {
        PayloadCodec codec = key.<PayloadCodec>map(AesGcmPayloadCodec::new).orElseGet(KeylessPayloadCodec::new);
        // With a key, failure messages and stack traces are encrypted too: an API error may quote a spec value.
        return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), key.isPresent());
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

    /** The id of the key payloads are encrypted with (safe to log), or empty when they are not encrypted. */
    public Optional<String> payloadKeyId() {
        return payloadKeyId;
    }

    /** Who this client sends as (its Temporal identity and {@code vela-sender} header); empty when not said. */
    public Optional<String> sender() {
        return sender;
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
