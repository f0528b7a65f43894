package dev.velatemporal.sandbox;

import dev.velatemporal.render.IstioApiVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One kind of object the sandbox API serves, as discovery announces it: kubectl only accepts a resource name
 * ({@code deploy}, {@code vs}) that discovery lists, and builds its request paths from the group, version and
 * scope listed here.
 *
 * @param group the API group; empty for the core group ({@code /api/v1})
 * @param versions the versions it is served at, preferred first
 * @param plural the resource name in paths ({@code deployments})
 * @param kind the object kind ({@code Deployment})
 * @param namespaced whether objects live in a namespace
 * @param shortNames what {@code kubectl get} also accepts ({@code deploy})
 * @param categories the groups of kinds {@code kubectl get} expands ({@code all})
 * @param subresources the subresources discovery lists ({@code status}, {@code scale})
 */
record ServedResource(String group, List<String> versions, String plural, String kind, boolean namespaced,
        List<String> shortNames, List<String> categories, List<String> subresources) {

    /** What kubectl may do with an object, as a real API server lists it for a built-in kind. */
    static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    /** What kubectl may do with a subresource. */
    static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    static final String APPS = "apps";
    static final String ISTIO_NETWORKING = "networking.istio.io";
    private static final List<String> CORE = List.of("v1");
    private static final List<String> ISTIO_CATEGORIES = List.of("istio-io", "networking-istio-io");
    private static final List<String> STATUS = List.of("status");

    /**
     * Everything the dev stack writes (Deployments, Services, the three Istio kinds) and what a user inspecting a
     * namespace looks for next (pods, namespaces, config). The CRUD store would accept any path; only these are
     * reachable through kubectl.
     *
     * <p>The Istio kinds are served at v1, v1beta1 and v1alpha3 with {@code preferredIstio} first, which makes it
     * the version kubectl reads. It must be the version the objects are written at: the mock stores each version
     * apart (a real API server converts between them), so kubectl would find nothing at any other.
     */
    static List<ServedResource> all(IstioApiVersion preferredIstio) {
        List<String> istioVersions = new ArrayList<>();
        istioVersions.add(version(preferredIstio));
        for (IstioApiVersion other : IstioApiVersion.values()) {
            if (other != preferredIstio) {
                istioVersions.add(version(other));
            }
        }
        return List.of(
                core("pods", "Pod", true, List.of("po"), List.of("all"), STATUS),
                core("services", "Service", true, List.of("svc"), List.of("all"), STATUS),
                core("endpoints", "Endpoints", true, List.of("ep"), List.of(), List.of()),
                core("namespaces", "Namespace", false, List.of("ns"), List.of(), STATUS),
                core("configmaps", "ConfigMap", true, List.of("cm"), List.of(), List.of()),
                core("secrets", "Secret", true, List.of(), List.of(), List.of()),
                core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), STATUS),
                core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), List.of()),
                core("events", "Event", true, List.of("ev"), List.of(), List.of()),
                new ServedResource(APPS, CORE, "deployments", "Deployment", true, List.of("deploy"), List.of("all"),
                        List.of("status", "scale")),
                istio(istioVersions, "virtualservices", "VirtualService", "vs"),
                istio(istioVersions, "destinationrules", "DestinationRule", "dr"),
                istio(istioVersions, "gateways", "Gateway", "gw"));
    }

    ServedResource {
        versions = List.copyOf(versions);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** {@code deployment} for {@code Deployment}: what kubectl accepts besides the plural. */
    String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }

    private static ServedResource core(String plural, String kind, boolean namespaced, List<String> shortNames,
            List<String> categories, List<String> subresources) {
        return new ServedResource("", CORE, plural, kind, namespaced, shortNames, categories, subresources);
    }

    private static ServedResource istio(List<String> versions, String plural, String kind, String shortName) {
        return new ServedResource(ISTIO_NETWORKING, versions, plural, kind, true, List.of(shortName),
                ISTIO_CATEGORIES, STATUS);
    }

    /** {@code v1beta1} of {@code networking.istio.io/v1beta1}. */
    private static String version(IstioApiVersion version) {
        return version.apiVersion().substring(version.apiVersion().indexOf('/') + 1);
    }
}
