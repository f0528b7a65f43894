package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The properties of a {@code webservice} component. This is the workload: a change to any of it makes a new
 * component revision.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebserviceProperties(
        String image,
        int port,
        List<String> cmd,
        List<EnvVar> env,
        String cpu,
        String memory,
        String imagePullPolicy,
        List<Volume> volumes) {

    public static final int DEFAULT_PORT = 80;

    public WebserviceProperties {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
    }

    public static WebserviceProperties ofImage(String image) {
        return new WebserviceProperties(image, DEFAULT_PORT, List.of(), List.of(), null, null, null, List.of());
    }

    public record EnvVar(String name, String value) {}

    /**
     * A volume mounted into the container. {@code type} is one of {@link #TYPES}; the source field that goes
     * with it ({@code claimName} for pvc, {@code cmName} for configMap, {@code secretName} for secret) is set, the
     * others are null. {@code medium} applies to emptyDir only.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(
            String name,
            String type,
            String mountPath,
            String claimName,
            String cmName,
            String secretName,
            String medium) {

        public static final List<String> TYPES = List.of("emptyDir", "configMap", "secret", "pvc");

        public static Volume emptyDir(String name, String mountPath) {
            return new Volume(name, "emptyDir", mountPath, null, null, null, null);
        }
    }
}
