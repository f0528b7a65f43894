package dev.velatemporal.render;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The apiVersion Istio objects are rendered with. v1 by default; older clusters (Istio before 1.22) only serve
 * v1beta1 or v1alpha3. The three versions share one schema for what we render.
 */
public enum IstioApiVersion {
    V1("networking.istio.io/v1"),
    V1BETA1("networking.istio.io/v1beta1"),
    V1ALPHA3("networking.istio.io/v1alpha3");

    private final String apiVersion;

    IstioApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** Accepts {@code v1beta1} as well as {@code networking.istio.io/v1beta1}. */
    public static IstioApiVersion parse(String text) {
        for (IstioApiVersion version : values()) {
            if (version.apiVersion.equals(text) || version.name().equalsIgnoreCase(text)) {
                return version;
            }
        }
        throw new IllegalArgumentException("unknown Istio API version \"" + text + "\"; supported: "
                + Arrays.stream(values()).map(v -> v.name().toLowerCase()).collect(Collectors.joining(", ")));
    }
}
