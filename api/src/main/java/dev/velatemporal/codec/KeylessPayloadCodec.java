package dev.velatemporal.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import javax.annotation.Nonnull;

/**
 * The codec of a process that has no payload key: it writes plain payloads, and when it meets an encrypted one it
 * says which key is missing and how to give it, instead of the data converter's "No PayloadConverter is registered
 * for an encoding: binary/encrypted".
 */
public final class KeylessPayloadCodec implements PayloadCodec {

    @Nonnull
    @Override
    public List<Payload> encode(@Nonnull List<Payload> payloads) {
        return payloads;
    }

    @Nonnull
    @Override
    public List<Payload> decode(@Nonnull List<Payload> payloads) {
        for (Payload payload : payloads) {
            if (EncryptedPayloads.isEncrypted(payload)) {
                throw new PayloadCodecException("payload encrypted with key " + EncryptedPayloads.keyId(payload)
                        + ", this process has no payload key: " + EncryptedPayloads.SAME_KEY_HINT);
            }
        }
        return payloads;
    }
}
