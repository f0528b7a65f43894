package dev.velatemporal.codec;

import java.util.Arrays;

/** Fixed keys, so that a failing test shows the same ids every run. */
final class TestKeys {

    private TestKeys() {
    }

    static PayloadKey filledWith(int value) {
        byte[] material = new byte[PayloadKey.LENGTH_BYTES];
        Arrays.fill(material, (byte) value);
        return PayloadKey.fromBytes(material);
    }
}
