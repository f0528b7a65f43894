package dev.velatemporal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.codec.PayloadKeyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Which payload key a process uses: the flag, then VELA_PAYLOAD_KEY_FILE, then VELA_PAYLOAD_KEY. */
class TemporalOptionsPayloadKeyTest {

    @Command(name = "test")
    static final class TestCommand {
        @Mixin
        TemporalOptions temporal;
    }

    @TempDir
    Path dir;

    private PayloadKey flagKey;
    private Path flagFile;
    private PayloadKey envFileKey;
    private Path envFile;
    private PayloadKey envKey;
    private String envBase64;

    @BeforeEach
    void keys() throws Exception {
        flagKey = key(1);
        flagFile = Files.writeString(dir.resolve("flag.key"), base64(1) + "\n");
        envFileKey = key(2);
        envFile = Files.writeString(dir.resolve("env.key"), base64(2) + "\n");
        envKey = key(3);
        envBase64 = base64(3);
    }

    @Test
    void noKeyAnywhereMeansPlainPayloads() {
        assertThat(parse().payloadKey(env(Map.of()))).isEmpty();
    }

    @Test
    void theFlagWinsOverBothVariables() {
        Function<String, String> env = env(Map.of("VELA_PAYLOAD_KEY_FILE", envFile.toString(),
                "VELA_PAYLOAD_KEY", envBase64));

        assertThat(parse("--payload-key-file", flagFile.toString()).payloadKey(env)).contains(flagKey);
    }

    @Test
    void theKeyFileVariableWinsOverTheKeyVariable() {
        Function<String, String> env = env(Map.of("VELA_PAYLOAD_KEY_FILE", envFile.toString(),
                "VELA_PAYLOAD_KEY", envBase64));

        assertThat(parse().payloadKey(env)).contains(envFileKey);
    }

    @Test
    void theKeyVariableHoldsTheKeyItself() {
        assertThat(parse().payloadKey(env(Map.of("VELA_PAYLOAD_KEY", envBase64 + "\n")))).contains(envKey);
    }

    @Test
    void blankVariablesCountAsUnset() {
        Function<String, String> env = env(Map.of("VELA_PAYLOAD_KEY_FILE", "", "VELA_PAYLOAD_KEY", " "));

        assertThat(parse().payloadKey(env)).isEmpty();
    }

    @Test
    void aBadFlagFileIsASettingsErrorNamingTheFlag() {
        Path missing = dir.resolve("missing.key");

        assertThatThrownBy(() -> parse("--payload-key-file", missing.toString()).payloadKey(env(Map.of())))
                .isInstanceOf(ConnectionSettingsException.class)
                .hasMessageStartingWith("--payload-key-file: payload key file " + missing + " does not exist: it must"
                        + " be 32 bytes (AES-256), base64-encoded; create one with: head -c 32 /dev/urandom | base64"
                        + " > vela-payload.key")
                .hasCauseInstanceOf(PayloadKeyException.class);
    }

    @Test
    void aBadKeyFileVariableIsASettingsErrorNamingTheVariable() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), Base64.getEncoder().encodeToString(new byte[8]));

        assertThatThrownBy(() -> parse().payloadKey(env(Map.of("VELA_PAYLOAD_KEY_FILE", shortKey.toString()))))
                .isInstanceOf(ConnectionSettingsException.class)
                .hasMessageStartingWith("VELA_PAYLOAD_KEY_FILE: payload key in " + shortKey + " is 8 bytes: it must"
                        + " be 32 bytes (AES-256)");
    }

    @Test
    void aBadKeyVariableIsASettingsErrorNamingTheVariable() {
        assertThatThrownBy(() -> parse().payloadKey(env(Map.of("VELA_PAYLOAD_KEY", "no-such-key!"))))
                .isInstanceOf(ConnectionSettingsException.class)
                .hasMessageStartingWith("VELA_PAYLOAD_KEY: payload key is not valid base64: it must be 32 bytes")
                .hasMessageNotContaining("no-such-key");
    }

    @Test
    void anInvalidPathInTheVariableIsASettingsError() {
        assertThatThrownBy(() -> parse().payloadKey(env(Map.of("VELA_PAYLOAD_KEY_FILE", "bad\0path"))))
                .isInstanceOf(ConnectionSettingsException.class)
                .hasMessageStartingWith("VELA_PAYLOAD_KEY_FILE: not a valid path");
    }

    @Test
    void theHelpExplainsTheOptionAndItsVariables() {
        String usage = new CommandLine(new TestCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(usage.replaceAll("\\s+", " "))
                .contains("--payload-key-file=FILE Encrypt workflow payloads with this AES-256 key (base64); worker"
                        + " and starter need the same key. Default: VELA_PAYLOAD_KEY_FILE, or the key itself in"
                        + " VELA_PAYLOAD_KEY.");
    }

    private static TemporalOptions parse(String... args) {
        TestCommand command = new TestCommand();
        new CommandLine(command).parseArgs(args);
        return command.temporal;
    }

    private static Function<String, String> env(Map<String, String> variables) {
        return variables::get;
    }

    private static PayloadKey key(int fill) {
        return PayloadKey.fromBase64(base64(fill));
    }

    private static String base64(int fill) {
        byte[] material = new byte[32];
        Arrays.fill(material, (byte) fill);
        return Base64.getEncoder().encodeToString(material);
    }
}
