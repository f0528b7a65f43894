package dev.velatemporal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeylessPayloadCodecTest {

    private final KeylessPayloadCodec codec = new KeylessPayloadCodec();

    @Test
    void plainPayloadsGoBothWaysUnchanged() {
        List<Payload> payloads = List.of(AesGcmPayloadCodecTest.json("{\"a\":1}"));

        assertThat(codec.encode(payloads)).isEqualTo(payloads);
        assertThat(codec.decode(payloads)).isEqualTo(payloads);
    }

    @Test
    void anEncryptedPayloadSaysWhichKeyIsMissing() {
        PayloadKey key = TestKeys.filledWith(3);
        List<Payload> encrypted = new AesGcmPayloadCodec(key).encode(List.of(AesGcmPayloadCodecTest.json("{}")));

        assertThatThrownBy(() -> codec.decode(encrypted))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessage("payload encrypted with key " + key.id() + ", this process has no payload key: give the"
                        + " worker and the starter the same --payload-key-file (or VELA_PAYLOAD_KEY)");
    }
}
