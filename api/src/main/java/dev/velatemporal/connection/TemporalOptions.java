package dev.velatemporal.connection;

import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.codec.PayloadKeyException;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How to reach Temporal, read the way the {@code temporal} CLI reads it: the config profile
 * ({@code ~/.config/temporalio/temporal.toml}, {@code TEMPORAL_PROFILE}), then the environment
 * ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code TEMPORAL_TLS_*}), then
 * these flags, each overriding the one before. The worker and the starter share it so that a setting that works
 * for one works for the other.
 *
 * <p>The Temporal namespace is {@code --temporal-namespace}, not {@code --namespace}: in the starter {@code -n}
 * is the Kubernetes namespace of the Application, as in kubectl.
 *
 * <p>Every option is inherited by subcommands ({@code ScopeType.INHERIT}), so the starter takes them before its
 * command or after it, as kubectl does; the worker has no subcommands, for it this changes nothing.
 *
 * <p>The payload key is not Temporal's setting but ours, so it has its own variables ({@code VELA_PAYLOAD_KEY_FILE},
 * {@code VELA_PAYLOAD_KEY}) and no place in the config profile.
 */
public final class TemporalOptions {

    public static final int DEFAULT_PORT = 7233;
    public static final String DEFAULT_ADDRESS = "localhost:" + DEFAULT_PORT;
    public static final String DEFAULT_NAMESPACE = "default";
    public static final String PAYLOAD_KEY_FILE_ENV = "VELA_PAYLOAD_KEY_FILE";
    public static final String PAYLOAD_KEY_ENV = "VELA_PAYLOAD_KEY";

    @Option(scope = ScopeType.INHERIT, names = "--address", paramLabel = "HOST:PORT",
            description = "Temporal frontend (default: TEMPORAL_ADDRESS, the config profile, or " + DEFAULT_ADDRESS
                    + ").")
    String address;

    @Option(scope = ScopeType.INHERIT, names = "--temporal-namespace", paramLabel = "NAMESPACE",
            description = "Temporal namespace (default: TEMPORAL_NAMESPACE, the config profile, or "
                    + DEFAULT_NAMESPACE + ").")
    String temporalNamespace;

    @Option(scope = ScopeType.INHERIT, names = "--api-key", paramLabel = "KEY",
            description = "API key, sent as a bearer token over TLS (prefer TEMPORAL_API_KEY: flags show in ps).")
    String apiKey;

    @Option(scope = ScopeType.INHERIT, names = "--tls", description = "Connect with TLS (implied by the other --tls-* options and an API key).")
    boolean tls;

    @Option(scope = ScopeType.INHERIT, names = "--tls-cert-path", paramLabel = "FILE", description = "Client certificate for mTLS (PEM).")
    Path tlsCertPath;

    @Option(scope = ScopeType.INHERIT, names = "--tls-key-path", paramLabel = "FILE", description = "Client private key for mTLS (PEM).")
    Path tlsKeyPath;

    @Option(scope = ScopeType.INHERIT, names = "--tls-ca-path", paramLabel = "FILE",
            description = "CA certificate(s) to trust for the server (PEM; default: the system's).")
    Path tlsCaPath;

    @Option(scope = ScopeType.INHERIT, names = "--tls-server-name", paramLabel = "NAME",
            description = "Server name to verify, when it differs from the address's host.")
    String tlsServerName;

    @Option(scope = ScopeType.INHERIT, names = "--profile", paramLabel = "NAME",
            description = "Profile of the temporal CLI's config file (default: TEMPORAL_PROFILE or default).")
    String profile;

    @Option(scope = ScopeType.INHERIT, names = "--config-file", paramLabel = "FILE",
            description = "The temporal CLI's config file (default: TEMPORAL_CONFIG_FILE or"
                    + " ~/.config/temporalio/temporal.toml).")
    Path configFile;

    @Option(scope = ScopeType.INHERIT, names = "--payload-key-file", paramLabel = "FILE",
            description = "Encrypt workflow payloads with this AES-256 key (base64); worker and starter need the same"
                    + " key. Default: " + PAYLOAD_KEY_FILE_ENV + ", or the key itself in " + PAYLOAD_KEY_ENV + ".")
    Path payloadKeyFile;

    /** Settings for a Temporal on this machine, as the dev stack and tests use it. */
    public static TemporalOptions local(int port) {
        TemporalOptions options = new TemporalOptions();
        options.address = "localhost:" + port;
        options.temporalNamespace = DEFAULT_NAMESPACE;
        return options;
    }

    /**
     * The profile these settings resolve to.
     *
     * @throws ConnectionSettingsException when a file named by the settings is missing or unreadable
     */
    public ClientConfigProfile resolve() {
        for (Path file : new Path[] {tlsCertPath, tlsKeyPath, tlsCaPath, configFile}) {
            if (file != null && !Files.isReadable(file)) {
                throw new ConnectionSettingsException("cannot read " + file + " ("
                        + (Files.exists(file) ? "permission denied" : "no such file") + "): check the path given to"
                        + " the --tls-*/--config-file options");
            }
        }
        ClientConfigProfile loaded;
        try {
            LoadClientConfigProfileOptions.Builder load = LoadClientConfigProfileOptions.newBuilder();
            if (configFile != null) {
                load.setConfigFilePath(configFile.toString());
            }
            if (profile != null) {
                load.setConfigFileProfile(profile);
            }
            loaded = ClientConfigProfile.load(load.build());
        } catch (IOException | RuntimeException e) {
            throw new ConnectionSettingsException("cannot load the Temporal config profile: " + e.getMessage()
                    + " (fix the file, or choose another with --config-file/--profile)");
        }
        return withFlags(loaded);
    }

    private ClientConfigProfile withFlags(ClientConfigProfile loaded) {
        ClientConfigProfile.Builder builder = loaded.toBuilder();
        if (address != null) {
            builder.setAddress(address);
        }
        if (loaded.getAddress() == null && address == null) {
            builder.setAddress(DEFAULT_ADDRESS);
        }
        if (temporalNamespace != null) {
            builder.setNamespace(temporalNamespace);
        }
        if (loaded.getNamespace() == null && temporalNamespace == null) {
            builder.setNamespace(DEFAULT_NAMESPACE);
        }
        if (apiKey != null) {
            builder.setApiKey(apiKey);
        }
        boolean anyTls = tls || tlsCertPath != null || tlsKeyPath != null || tlsCaPath != null
                || tlsServerName != null;
        if (anyTls) {
            ClientConfigTLS.Builder tlsBuilder = loaded.getTls() != null
                    ? loaded.getTls().toBuilder() : ClientConfigTLS.newBuilder();
            tlsBuilder.setDisabled(false);
            if (tlsCertPath != null) {
                tlsBuilder.setClientCertPath(tlsCertPath.toString());
            }
            if (tlsKeyPath != null) {
                tlsBuilder.setClientKeyPath(tlsKeyPath.toString());
            }
            if (tlsCaPath != null) {
                tlsBuilder.setServerCACertPath(tlsCaPath.toString());
            }
            if (tlsServerName != null) {
                tlsBuilder.setServerName(tlsServerName);
            }
            builder.setTls(tlsBuilder.build());
        }
        return builder.build();
    }

    /**
     * The key to encrypt payloads with: {@code --payload-key-file}, else the file in {@code VELA_PAYLOAD_KEY_FILE},
     * else the base64 key in {@code VELA_PAYLOAD_KEY}; empty when none is given, and payloads stay plain.
     *
     * @throws ConnectionSettingsException when the key named cannot be read or is not an AES-256 key
     */
    public Optional<PayloadKey> payloadKey() {
        return payloadKey(System::getenv);
    }

    Optional<PayloadKey> payloadKey(Function<String, String> env) {
        if (payloadKeyFile != null) {
            return Optional.of(load("--payload-key-file", () -> PayloadKey.fromFile(payloadKeyFile)));
        }
        String file = env.apply(PAYLOAD_KEY_FILE_ENV);
        if (file != null && !file.isBlank()) {
            return Optional.of(load(PAYLOAD_KEY_FILE_ENV, () -> PayloadKey.fromFile(Path.of(file.strip()))));
        }
        String base64 = env.apply(PAYLOAD_KEY_ENV);
        if (base64 != null && !base64.isBlank()) {
            return Optional.of(load(PAYLOAD_KEY_ENV, () -> PayloadKey.fromBase64(base64)));
        }
        return Optional.empty();
    }

    // The worker and the starter report ConnectionSettingsException as a usage error; a bad key is one.
    private static PayloadKey load(String source, Supplier<PayloadKey> loader) {
        try {
            return loader.get();
        } catch (PayloadKeyException e) {
            throw new ConnectionSettingsException(source + ": " + e.getMessage(), e);
        } catch (InvalidPathException e) {
            throw new ConnectionSettingsException(source + ": not a valid path (" + e.getMessage() + ")", e);
        }
    }
}
