package dev.velatemporal.metrics;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Kubernetes verb of an HTTP request to the API server, as its authorizer names it: for a resource path
 * ({@code /api/v1/...}, {@code /apis/<group>/<version>/...}) GET is {@code get} on a named object, {@code list} on
 * a collection and {@code watch} with {@code watch=true} (or the old {@code /watch/} prefix); POST is
 * {@code create}, PUT {@code update}, PATCH {@code patch}, DELETE {@code delete}, or {@code deletecollection} on a
 * collection. Any other request ({@code /version}, discovery) is its HTTP method in lower case, as for RBAC's
 * non-resource URLs.
 */
final class KubernetesVerb {

    private KubernetesVerb() {}

    static String of(String method, URI uri) {
        String httpVerb = method.toLowerCase(Locale.ROOT);
        List<String> parts = Arrays.stream(uri.getRawPath().split("/")).filter(s -> !s.isEmpty()).toList();
        int prefix = parts.size() >= 2 && parts.get(0).equals("api") ? 2
                : parts.size() >= 3 && parts.get(0).equals("apis") ? 3
                : -1;
        if (prefix < 0 || parts.size() == prefix) {
            return httpVerb;
        }
        parts = parts.subList(prefix, parts.size());
        boolean legacyWatch = parts.get(0).equals("watch");
        if (legacyWatch) {
            parts = parts.subList(1, parts.size());
        }
        // namespaces/<ns>/<resource>... is a namespaced resource; namespaces[/<ns>] alone is the Namespace itself.
        if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
            parts = parts.subList(2, parts.size());
        }
        boolean named = parts.size() >= 2;
        return switch (httpVerb) {
            case "get", "head" -> legacyWatch || watchParameter(uri) ? "watch" : named ? "get" : "list";
            case "post" -> "create";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> named ? "delete" : "deletecollection";
            default -> httpVerb;
        };
    }

    private static boolean watchParameter(URI uri) {
        String query = uri.getRawQuery();
        return query != null
                && Arrays.stream(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
    }
}
