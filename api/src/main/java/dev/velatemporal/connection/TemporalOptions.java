package dev.velatemporal.connection;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How to reach Temporal, read the way the {@code temporal} CLI reads it: the config profile
 * ({@code ~/.config/temporalio/temporal.toml}, {@code TEMPORAL_PROFILE}), then the environment
 * ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code TEMPORAL_TLS_*}), then
 * these flags, each overriding the one before. The worker and the starter share it so that a setting that works
 * for one works for the other.
 *
 * <p>The Temporal namespace is {@code --temporal-namespace}, not {@code --namespace}: in the starter {@code -n}
 * is the Kubernetes namespace of the Application, as in kubectl.
 */
public final class TemporalOptions {

    public static final int DEFAULT_PORT = 7233;
    public static final String DEFAULT_ADDRESS = "localhost:" + DEFAULT_PORT;
    public static final String DEFAULT_NAMESPACE = "default";

    @Option(names = "--address", paramLabel = "HOST:PORT",
            description = "Temporal frontend (default: TEMPORAL_ADDRESS, the config profile, or " + DEFAULT_ADDRESS
                    + ").")
    String address;

    @Option(names = "--temporal-namespace", paramLabel = "NAMESPACE",
            description = "Temporal namespace (default: TEMPORAL_NAMESPACE, the config profile, or "
                    + DEFAULT_NAMESPACE + ").")
    String temporalNamespace;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "API key, sent as a bearer token over TLS (prefer TEMPORAL_API_KEY: flags show in ps).")
    String apiKey;

    @Option(names = "--tls", description = "Connect with TLS (implied by the other --tls-* options and an API key).")
    boolean tls;

    @Option(names = "--tls-cert-path", paramLabel = "FILE", description = "Client certificate for mTLS (PEM).")
    Path tlsCertPath;

    @Option(names = "--tls-key-path", paramLabel = "FILE", description = "Client private key for mTLS (PEM).")
    Path tlsKeyPath;

    @Option(names = "--tls-ca-path", paramLabel = "FILE",
            description = "CA certificate(s) to trust for the server (PEM; default: the system's).")
    Path tlsCaPath;

    @Option(names = "--tls-server-name", paramLabel = "NAME",
            description = "Server name to verify, when it differs from the address's host.")
    String tlsServerName;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile of the temporal CLI's config file (default: TEMPORAL_PROFILE or default).")
    String profile;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "The temporal CLI's config file (default: TEMPORAL_CONFIG_FILE or"
                    + " ~/.config/temporalio/temporal.toml).")
    Path configFile;

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
                throw new ConnectionSettingsException("cannot read " + file + ": check the path given to the"
                        + " --tls-*/--config-file options");
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
}
