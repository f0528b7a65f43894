package dev.velatemporal.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.Nonnull;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts whole payloads (data and metadata, so not even the Java type shows) with AES-256-GCM, so that
 * Application specs and their env values are not readable in Temporal's database or UI. Payloads that are not
 * encrypted decode unchanged: histories written before encryption was turned on still replay.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final PayloadKey key;
    private final ByteString keyId;
    private final SecureRandom random = new SecureRandom();

    public AesGcmPayloadCodec(PayloadKey key) {
        this.key = key;
        this.keyId = ByteString.copyFromUtf8(key.id());
    }

    public String keyId() {
        return key.id();
    }

    @Nonnull
    @Override
    public List<Payload> encode(@Nonnull List<Payload> payloads) {
        return payloads.stream().map(this::encrypt).collect(Collectors.toList());
    }

    @Nonnull
    @Override
    public List<Payload> decode(@Nonnull List<Payload> payloads) {
        return payloads.stream().map(this::decrypt).collect(Collectors.toList());
    }

    private Payload encrypt(Payload payload) {
        // GCM loses its confidentiality and integrity if an IV ever repeats under one key: a fresh random one each.
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
            sealed = cipher.doFinal(payload.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException("cannot encrypt payload with key " + key.id() + ": " + e, e);
        }
        return Payload.newBuilder()
                .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, EncryptedPayloads.ENCODING_BYTES)
                .putMetadata(EncryptedPayloads.METADATA_CIPHER, ByteString.copyFromUtf8(EncryptedPayloads.CIPHER))
                .putMetadata(EncryptedPayloads.METADATA_KEY_ID, keyId)
                .setData(ByteString.copyFrom(iv).concat(ByteString.copyFrom(sealed)))
                .build();
    }

    private Payload decrypt(Payload payload) {
        if (!EncryptedPayloads.isEncrypted(payload)) {
            return payload;
        }
        String payloadKeyId = EncryptedPayloads.keyId(payload);
        if (!keyId.equals(payload.getMetadataOrDefault(EncryptedPayloads.METADATA_KEY_ID, null))) {
            throw new PayloadCodecException("payload encrypted with key " + payloadKeyId + ", this process has key "
                    + key.id() + ": " + EncryptedPayloads.SAME_KEY_HINT);
        }
        ByteString cipherName = payload.getMetadataOrDefault(EncryptedPayloads.METADATA_CIPHER, null);
        if (cipherName != null && !EncryptedPayloads.CIPHER.equals(cipherName.toStringUtf8())) {
            throw new PayloadCodecException("payload encrypted with cipher " + cipherName.toStringUtf8()
                    + ", this process decrypts " + EncryptedPayloads.CIPHER);
        }
        byte[] data = payload.getData().toByteArray();
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new PayloadCodecException(cannotDecrypt() + ": it is " + data.length + " bytes, shorter than an IV"
                    + " and a tag");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new PayloadCodecException(cannotDecrypt() + ": it was altered, or encrypted with a different key"
                    + " that has the same id", e);
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException(cannotDecrypt() + ": " + e, e);
        }
        try {
            return Payload.parseFrom(plain);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadCodecException(cannotDecrypt() + ": the decrypted bytes are not a payload", e);
        }
    }

    private String cannotDecrypt() {
        return "payload encrypted with key " + key.id() + " could not be decrypted";
    }

    @Override
    public String toString() {
        return "AesGcmPayloadCodec[key=" + key.id() + "]";
    }
}
