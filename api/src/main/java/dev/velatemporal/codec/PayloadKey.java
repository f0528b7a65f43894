package dev.velatemporal.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that workflow payloads are encrypted with. Its {@link #id()} is derived from the key so that a
 * worker and a starter holding different keys can say so, and it is the only thing about the key this class ever
 * shows: {@link #toString()} included, because keys end up in log lines and exception messages by accident.
 */
public final class PayloadKey {

    public static final int LENGTH_BYTES = 32;

    static final String HOW_TO_CREATE = "it must be " + LENGTH_BYTES + " bytes (AES-256), base64-encoded; create one"
            + " with: head -c 32 /dev/urandom | base64 > vela-payload.key";

    private static final int ID_BYTES = 8;

    private final byte[] material;
    private final String id;

    private PayloadKey(byte[] material) {
        this.material = material.clone();
        this.id = idOf(material);
    }

    /**
     * Reads a key file: the key base64-encoded (surrounding whitespace, such as the newline {@code base64} writes,
     * is ignored), or exactly 32 raw bytes. No base64 text of a 32-byte key is 32 characters long, so the two
     * cannot be confused.
     *
     * @throws PayloadKeyException when the file is missing or unreadable, or does not hold a 32-byte key
     */
    public static PayloadKey fromFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PayloadKeyException("payload key file " + file + " does not exist: " + HOW_TO_CREATE, e);
        } catch (IOException | SecurityException e) {
            throw new PayloadKeyException("cannot read payload key file " + file + " (" + e + "): check the path"
                    + " and its permissions", e);
        }
        try {
            if (content.length == LENGTH_BYTES) {
                return new PayloadKey(content);
            }
            return decode(new String(content, StandardCharsets.UTF_8), "payload key in " + file);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * Reads a key given as base64 text, as it comes from an environment variable.
     *
     * @throws PayloadKeyException when the text is not base64 of a 32-byte key
     */
    public static PayloadKey fromBase64(String base64) {
        if (base64 == null) {
            throw new PayloadKeyException("payload key is missing: " + HOW_TO_CREATE);
        }
        return decode(base64, "payload key");
    }

    /** For tests and callers that generate keys themselves; the array is copied. */
    public static PayloadKey fromBytes(byte[] material) {
        if (material.length != LENGTH_BYTES) {
            throw new PayloadKeyException("payload key is " + material.length + " bytes: " + HOW_TO_CREATE);
        }
        return new PayloadKey(material);
    }

    private static PayloadKey decode(String text, String what) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new PayloadKeyException(what + " is empty: " + HOW_TO_CREATE);
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character, which is part of the key: leave it out.
            throw new PayloadKeyException(what + " is not valid base64: " + HOW_TO_CREATE);
        }
        try {
            if (material.length != LENGTH_BYTES) {
                throw new PayloadKeyException(what + " is " + material.length + " bytes: " + HOW_TO_CREATE);
            }
            return new PayloadKey(material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static String idOf(byte[] material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return HexFormat.of().formatHex(digest, 0, ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** First 8 bytes of the key's SHA-256, hex: names the key without revealing it. */
    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return new SecretKeySpec(material, "AES");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PayloadKey key && MessageDigest.isEqual(material, key.material);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "PayloadKey[id=" + id + "]";
    }
}
