package dev.velatemporal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import dev.velatemporal.codec.PayloadKey;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.envconfig.ClientConfigProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a connection hands the SDK: the payload key as its data converter, and the process's extras. */
class TemporalConnectionTest {

    record Spec(String name, Map<String, String> env) {
    }

    private static final String SECRET = "p4ssw0rd-for-the-db";
    private static final PayloadKey KEY = PayloadKey.fromBytes(new byte[32]);

    private static HealthOnlyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = HealthOnlyServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void withAKeyPayloadsAreEncrypted() {
        try (TemporalConnection connection = open(ClientExtras.none().withPayloadKey(KEY))) {
            DataConverter converter = connection.client().getOptions().getDataConverter();
            Spec spec = new Spec("checkout", Map.of("DB_PASSWORD", SECRET));

            Payload payload = converter.toPayloads(spec).orElseThrow().getPayloads(0);

            assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
            assertThat(payload.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo(KEY.id());
            assertThat(payload.toByteString().toStringUtf8()).doesNotContain(SECRET);
            assertThat(converter.fromPayload(payload, Spec.class, Spec.class)).isEqualTo(spec);
            assertThat(connection.payloadKeyId()).contains(KEY.id());
        }
    }

    @Test
    void withoutAKeyPayloadsArePlainJson() {
        try (TemporalConnection connection = TemporalConnection.open(profile(), Duration.ofSeconds(5))) {
            DataConverter converter = connection.client().getOptions().getDataConverter();

            Payload payload = converter.toPayloads(new Spec("checkout", Map.of("DB_PASSWORD", SECRET))).orElseThrow()
                    .getPayloads(0);

            assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("json/plain");
            assertThat(payload.getData().toStringUtf8()).contains(SECRET);
            assertThat(connection.payloadKeyId()).isEmpty();
        }
    }

    @Test
    void theOptionsKeyFileIsApplied() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("vela-payload.key"),
                Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        TemporalOptions options = TemporalOptions.local(server.port());
        options.payloadKeyFile = keyFile;

        try (TemporalConnection connection = TemporalConnection.open(options)) {
            Payload payload = connection.client().getOptions().getDataConverter().toPayload("hello").orElseThrow();

            assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
            assertThat(connection.payloadKeyId()).contains(KEY.id());
        }
    }

    @Test
    void metricsScopeAndPropagatorsReachTheSdk() {
        Scope scope = new NoopScope();
        TestPropagator propagator = new TestPropagator("tenant");

        try (TemporalConnection connection = open(ClientExtras.none().withMetricsScope(scope)
                .withContextPropagators(List.of(propagator)))) {
            assertThat(connection.stubs().getOptions().getMetricsScope()).isSameAs(scope);
            assertThat(connection.client().getOptions().getContextPropagators()).containsExactly(propagator);
        }
    }

    @Test
    void aSenderIsTheClientsIdentityAndHeader() {
        try (TemporalConnection connection = open(ClientExtras.none().withSender("  alice@laptop "))) {
            assertThat(connection.client().getOptions().getIdentity()).isEqualTo("alice@laptop");
            assertThat(connection.client().getOptions().getInterceptors())
                    .singleElement().isInstanceOfSatisfying(dev.velatemporal.identity.SenderHeader.class,
                            header -> assertThat(header.sender()).isEqualTo("alice@laptop"));
            assertThat(connection.sender()).contains("alice@laptop");
        }
        try (TemporalConnection connection = open(ClientExtras.none())) {
            assertThat(connection.client().getOptions().getInterceptors()).isEmpty();
            assertThat(connection.sender()).isEmpty();
        }
    }

    @Test
    void withoutExtrasTheSdkDefaultsStay() {
        try (TemporalConnection connection = open(ClientExtras.none())) {
            assertThat(connection.stubs().getOptions().getMetricsScope()).isNotNull();
            assertThat(connection.client().getOptions().getContextPropagators()).isEmpty();
            assertThat(connection.address()).isEqualTo("localhost:" + server.port());
            assertThat(connection.namespace()).isEqualTo("default");
        }
    }

    private static TemporalConnection open(ClientExtras extras) {
        return TemporalConnection.open(profile(), Duration.ofSeconds(5), extras);
    }

    private static ClientConfigProfile profile() {
        return TemporalOptions.local(server.port()).resolve();
    }
}
