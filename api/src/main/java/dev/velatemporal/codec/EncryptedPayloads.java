package dev.velatemporal.codec;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;

/** How an encrypted payload is marked, shared by the codec that writes them and the one that only recognises them. */
public final class EncryptedPayloads {

    public static final String ENCODING = "binary/encrypted";
    public static final String CIPHER = "AES256GCM";
    public static final String METADATA_CIPHER = "encryption-cipher";
    public static final String METADATA_KEY_ID = "encryption-key-id";

    static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

    static final String SAME_KEY_HINT = "give the worker and the starter the same --payload-key-file (or"
            + " VELA_PAYLOAD_KEY)";

    private EncryptedPayloads() {
    }

    public static boolean isEncrypted(Payload payload) {
        return ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, null));
    }

    /** The id of the key the payload was encrypted with, or "none" when the payload does not say. */
    public static String keyId(Payload payload) {
        ByteString id = payload.getMetadataOrDefault(METADATA_KEY_ID, null);
        return id != null ? id.toStringUtf8() : "none";
    }
}
