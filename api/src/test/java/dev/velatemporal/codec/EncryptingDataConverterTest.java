package dev.velatemporal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The codec as the SDK uses it: behind the default converter, on workflow arguments and results. */
class EncryptingDataConverterTest {

    record Component(String name, Map<String, String> env) {
    }

    private static final String SECRET = "s3cr3t-db-password";

    private final DataConverter converter = encrypting(TestKeys.filledWith(4));

    @Test
    void aRecordWithASecretRoundTripsAndIsNotStoredInTheClear() {
        Component component = new Component("checkout", Map.of("DB_PASSWORD", SECRET));

        Payloads payloads = converter.toPayloads(component, "second argument").orElseThrow();

        for (Payload payload : payloads.getPayloadsList()) {
            assertThat(payload.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
            assertThat(payload.toByteString().toStringUtf8()).doesNotContain(SECRET).doesNotContain("checkout");
        }
        assertThat(converter.fromPayloads(0, Optional.of(payloads), Component.class, Component.class))
                .isEqualTo(component);
        assertThat(converter.fromPayloads(1, Optional.of(payloads), String.class, String.class))
                .isEqualTo("second argument");
    }

    @Test
    void singlePayloadsAreEncryptedToo() {
        Payload payload = converter.toPayload(new Component("api", Map.of("TOKEN", SECRET))).orElseThrow();

        assertThat(payload.toByteString().toStringUtf8()).doesNotContain(SECRET);
        assertThat(converter.fromPayload(payload, Component.class, Component.class).env()).containsEntry("TOKEN",
                SECRET);
    }

    @Test
    void historiesWrittenBeforeEncryptionStillRead() {
        Payload plain = DefaultDataConverter.newDefaultInstance().toPayload(new Component("old", Map.of()))
                .orElseThrow();

        assertThat(converter.fromPayload(plain, Component.class, Component.class).name()).isEqualTo("old");
    }

    @Test
    void aProcessWithAnotherKeyCannotReadThem() {
        Payload payload = converter.toPayload(new Component("api", Map.of())).orElseThrow();
        DataConverter other = encrypting(TestKeys.filledWith(5));

        assertThatThrownBy(() -> other.fromPayload(payload, Component.class, Component.class))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("this process has key " + TestKeys.filledWith(5).id());
    }

    private static DataConverter encrypting(PayloadKey key) {
        return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(key)));
    }
}
