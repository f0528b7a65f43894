package dev.velatemporal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

    private static final PayloadKey KEY = TestKeys.filledWith(1);
    private static final PayloadKey OTHER_KEY = TestKeys.filledWith(2);

    private final AesGcmPayloadCodec codec = new AesGcmPayloadCodec(KEY);

    @Test
    void decodesWhatItEncodes() {
        List<Payload> payloads = List.of(
                json("{\"name\":\"shop\",\"env\":{\"DB_PASSWORD\":\"hunter2\"}}"),
                Payload.newBuilder().putMetadata("encoding", utf8("binary/null")).build(),
                Payload.newBuilder().putMetadata("encoding", utf8("binary/plain"))
                        .setData(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 255})).build(),
                json("\"x\"".repeat(10_000)));

        List<Payload> encoded = codec.encode(payloads);

        assertThat(encoded).hasSize(4);
        assertThat(codec.decode(encoded)).isEqualTo(payloads);
    }

    @Test
    void marksEncryptedPayloadsWithTheCipherAndTheKeyId() {
        Payload encoded = codec.encode(List.of(json("{}"))).get(0);

        assertThat(encoded.getMetadataMap()).containsOnlyKeys("encoding", "encryption-cipher", "encryption-key-id");
        assertThat(encoded.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(encoded.getMetadataOrThrow("encryption-cipher").toStringUtf8()).isEqualTo("AES256GCM");
        assertThat(encoded.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo(KEY.id());
        assertThat(EncryptedPayloads.isEncrypted(encoded)).isTrue();
    }

    @Test
    void neitherTheDataNorTheOriginalMetadataShow() {
        Payload plain = json("{\"env\":{\"DB_PASSWORD\":\"hunter2-hunter2\"}}");

        Payload encoded = codec.encode(List.of(plain)).get(0);

        assertThat(encoded.toByteString().toStringUtf8()).doesNotContain("hunter2").doesNotContain("json/plain");
        // IV, the serialized payload, and a 16-byte tag.
        assertThat(encoded.getData().size()).isEqualTo(12 + plain.getSerializedSize() + 16);
    }

    @Test
    void equalPayloadsEncryptDifferently() {
        Payload plain = json("{\"same\":true}");

        List<Payload> encoded = codec.encode(List.of(plain, plain));

        ByteString firstIv = encoded.get(0).getData().substring(0, 12);
        ByteString secondIv = encoded.get(1).getData().substring(0, 12);
        assertThat(firstIv).isNotEqualTo(secondIv);
        assertThat(encoded.get(0).getData()).isNotEqualTo(encoded.get(1).getData());
        assertThat(codec.encode(List.of(plain)).get(0).getData()).isNotEqualTo(encoded.get(0).getData());
    }

    @Test
    void unencryptedPayloadsPassThrough() {
        List<Payload> written = List.of(json("{\"before\":\"encryption\"}"), Payload.getDefaultInstance());

        assertThat(codec.decode(written)).isEqualTo(written);
    }

    @Test
    void aPayloadFromAnotherKeyNamesBothKeys() {
        List<Payload> encoded = new AesGcmPayloadCodec(OTHER_KEY).encode(List.of(json("{}")));

        assertThatThrownBy(() -> codec.decode(encoded))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessage("payload encrypted with key " + OTHER_KEY.id() + ", this process has key " + KEY.id()
                        + ": give the worker and the starter the same --payload-key-file (or VELA_PAYLOAD_KEY)");
    }

    @Test
    void anAlteredCiphertextIsRejected() {
        Payload encoded = codec.encode(List.of(json("{\"replicas\":3}"))).get(0);
        byte[] data = encoded.getData().toByteArray();
        data[data.length - 20] ^= 1;
        Payload altered = encoded.toBuilder().setData(ByteString.copyFrom(data)).build();

        assertThatThrownBy(() -> codec.decode(List.of(altered)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageStartingWith("payload encrypted with key " + KEY.id() + " could not be decrypted: it was"
                        + " altered");
    }

    @Test
    void anotherKeyUnderThisKeysIdIsRejected() {
        Payload encoded = new AesGcmPayloadCodec(OTHER_KEY).encode(List.of(json("{}"))).get(0);
        Payload relabelled = encoded.toBuilder().putMetadata("encryption-key-id", utf8(KEY.id())).build();

        assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("could not be decrypted");
    }

    @Test
    void aTruncatedPayloadIsRejected() {
        Payload encoded = codec.encode(List.of(json("{}"))).get(0);
        Payload truncated = encoded.toBuilder().setData(encoded.getData().substring(0, 20)).build();

        assertThatThrownBy(() -> codec.decode(List.of(truncated)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessage("payload encrypted with key " + KEY.id() + " could not be decrypted: it is 20 bytes,"
                        + " shorter than an IV and a tag");
    }

    @Test
    void anEncryptedPayloadWithoutKeyIdIsNotOurs() {
        Payload encoded = codec.encode(List.of(json("{}"))).get(0);
        Payload anonymous = encoded.toBuilder().removeMetadata("encryption-key-id").build();

        assertThatThrownBy(() -> codec.decode(List.of(anonymous)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageStartingWith("payload encrypted with key none, this process has key " + KEY.id());
    }

    @Test
    void toStringShowsOnlyTheKeyId() {
        assertThat(codec).hasToString("AesGcmPayloadCodec[key=" + KEY.id() + "]");
        assertThat(codec.keyId()).isEqualTo(KEY.id());
    }

    static Payload json(String json) {
        return Payload.newBuilder().putMetadata("encoding", utf8("json/plain")).setData(utf8(json)).build();
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
