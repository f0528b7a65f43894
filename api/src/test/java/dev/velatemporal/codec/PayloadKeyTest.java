package dev.velatemporal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadKeyTest {

    private static final String HOW_TO_CREATE = "must be 32 bytes (AES-256), base64-encoded; create one with:"
            + " head -c 32 /dev/urandom | base64 > vela-payload.key";

    private static final byte[] ZEROS = new byte[32];
    // SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925.
    private static final String ZEROS_ID = "66687aadf862bd77";

    @TempDir
    Path dir;

    @Test
    void idIsTheFirstEightBytesOfTheKeysSha256InHex() {
        assertThat(PayloadKey.fromBytes(ZEROS).id()).isEqualTo(ZEROS_ID);
    }

    @Test
    void readsBase64AsBase64WritesIt() throws Exception {
        Path file = write("vela-payload.key", Base64.getEncoder().encodeToString(ZEROS) + "\n");

        assertThat(PayloadKey.fromFile(file).id()).isEqualTo(ZEROS_ID);
    }

    @Test
    void ignoresWhitespaceAroundTheKey() throws Exception {
        Path file = write("key", "  \r\n\t" + Base64.getEncoder().encodeToString(ZEROS) + " \r\n\n");

        assertThat(PayloadKey.fromFile(file)).isEqualTo(PayloadKey.fromBytes(ZEROS));
    }

    @Test
    void acceptsExactly32RawBytes() throws Exception {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0xE0 + i);
        }
        Path file = Files.write(dir.resolve("raw.key"), raw);

        assertThat(PayloadKey.fromFile(file)).isEqualTo(PayloadKey.fromBytes(raw));
    }

    @Test
    void readsAKeyFromBase64Text() {
        String base64 = Base64.getEncoder().encodeToString(ZEROS);

        assertThat(PayloadKey.fromBase64(base64).id()).isEqualTo(ZEROS_ID);
        assertThat(PayloadKey.fromBase64(" " + base64 + "\n").id()).isEqualTo(ZEROS_ID);
    }

    @Test
    void sameMaterialIsTheSameKey() {
        assertThat(TestKeys.filledWith(1)).isEqualTo(TestKeys.filledWith(1)).hasSameHashCodeAs(TestKeys.filledWith(1));
        assertThat(TestKeys.filledWith(1)).isNotEqualTo(TestKeys.filledWith(2));
        assertThat(TestKeys.filledWith(1).id()).isNotEqualTo(TestKeys.filledWith(2).id());
    }

    @Test
    void aMissingFileSaysHowToCreateOne() {
        Path missing = dir.resolve("nope.key");

        assertThatThrownBy(() -> PayloadKey.fromFile(missing))
                .isInstanceOf(PayloadKeyException.class)
                .hasMessage("payload key file " + missing + " does not exist: it " + HOW_TO_CREATE);
    }

    @Test
    void anUnreadableFileNamesIt() {
        // A directory: permissions do not stop root, who runs these tests in some containers.
        assertThatThrownBy(() -> PayloadKey.fromFile(dir))
                .isInstanceOf(PayloadKeyException.class)
                .hasMessageStartingWith("cannot read payload key file " + dir + " (")
                .hasMessageEndingWith("): check the path and its permissions");
    }

    @Test
    void badBase64SaysWhatAKeyLooksLike() throws Exception {
        Path file = write("key", "not base64 at all!");

        assertThatThrownBy(() -> PayloadKey.fromFile(file))
                .isInstanceOf(PayloadKeyException.class)
                .hasMessage("payload key in " + file + " is not valid base64: it " + HOW_TO_CREATE);
        assertThatThrownBy(() -> PayloadKey.fromBase64("%%%"))
                .isInstanceOf(PayloadKeyException.class)
                .hasMessage("payload key is not valid base64: it " + HOW_TO_CREATE);
    }

    @Test
    void theWrongLengthSaysHowLongItIs() throws Exception {
        Path file = write("key", Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> PayloadKey.fromFile(file))
                .isInstanceOf(PayloadKeyException.class)
                .hasMessage("payload key in " + file + " is 16 bytes: it " + HOW_TO_CREATE);
        assertThatThrownBy(() -> PayloadKey.fromBase64(Base64.getEncoder().encodeToString(new byte[33])))
                .hasMessage("payload key is 33 bytes: it " + HOW_TO_CREATE);
        assertThatThrownBy(() -> PayloadKey.fromBytes(new byte[31]))
                .hasMessage("payload key is 31 bytes: it " + HOW_TO_CREATE);
    }

    @Test
    void anEmptyKeyIsCalledEmpty() throws Exception {
        Path file = write("key", " \n");

        assertThatThrownBy(() -> PayloadKey.fromFile(file))
                .hasMessage("payload key in " + file + " is empty: it " + HOW_TO_CREATE);
        assertThatThrownBy(() -> PayloadKey.fromBase64(""))
                .hasMessage("payload key is empty: it " + HOW_TO_CREATE);
    }

    @Test
    void badBase64DoesNotQuoteTheKey() {
        // A key with one character mistyped is still mostly the key.
        String mistyped = "c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkwYWJj*";

        assertThatThrownBy(() -> PayloadKey.fromBase64(mistyped))
                .hasMessageNotContaining("*").hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void toStringShowsOnlyTheId() {
        byte[] material = new byte[32];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (0x41 + i);
        }
        PayloadKey key = PayloadKey.fromBytes(material);

        assertThat(key.toString())
                .isEqualTo("PayloadKey[id=" + key.id() + "]")
                .doesNotContain(Base64.getEncoder().encodeToString(material))
                .doesNotContain(HexFormat.of().formatHex(material))
                .doesNotContain(new String(material, StandardCharsets.ISO_8859_1).substring(0, 8));
    }

    @Test
    void theCallersArrayIsCopied() {
        byte[] material = new byte[32];
        PayloadKey key = PayloadKey.fromBytes(material);
        material[0] = 1;

        assertThat(key.id()).isEqualTo(ZEROS_ID);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
