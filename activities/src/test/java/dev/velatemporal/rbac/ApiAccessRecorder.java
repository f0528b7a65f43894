package dev.velatemporal.rbac;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fabric8 HTTP interceptor that records every request a client sends as the Kubernetes authorizer sees it: the
 * verb, API group and resource (with its subresource) that RBAC would check, and whether it was namespaced.
 * Requests that are not resource requests ({@code /version}, discovery under {@code /apis}) are kept apart.
 */
final class ApiAccessRecorder implements Interceptor {

    /** One request as RBAC judges it, with the request itself ({@code METHOD path?query}). */
    record Access(String verb, String apiGroup, String resource, boolean namespaced, String request) {

        /** The (group, resource, verb) triple a role must grant. */
        Grant grant() {
            return new Grant(apiGroup, resource, verb);
        }
    }

    /** One (group, resource, verb) triple; {@code apiGroup} is "" for the core group. */
    record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {

        @Override
        public int compareTo(Grant other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
        }
    }

    private final List<Access> accesses = new ArrayList<>();
    private final List<String> nonResourceRequests = new ArrayList<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String method = request.method();
        String path = request.uri().getPath();
        String query = request.uri().getQuery();
        Access access = toAccess(method, path, query);
        synchronized (this) {
            if (access == null) {
                nonResourceRequests.add(method + " " + path);
            } else {
                accesses.add(access);
            }
        }
    }

    synchronized List<Access> accesses() {
        return List.copyOf(accesses);
    }

    synchronized Set<Grant> grants() {
        Set<Grant> grants = new TreeSet<>();
        accesses.forEach(a -> grants.add(a.grant()));
        return grants;
    }

    synchronized List<String> nonResourceRequests() {
        return List.copyOf(nonResourceRequests);
    }

    /**
     * What the API server's request-info resolver makes of a request (k8s.io/apiserver
     * {@code RequestInfoFactory}): {@code /api/v1/...} is the core group, {@code /apis/<group>/<version>/...} a
     * named one; then an optional {@code namespaces/<ns>}, the resource, an optional name and an optional
     * subresource. The verb comes from the method: GET is {@code get} on a named object, {@code list} on a
     * collection, {@code watch} with {@code ?watch=true} (or the legacy {@code /watch/} prefix); POST
     * {@code create}; PUT {@code update}; PATCH {@code patch}; DELETE {@code delete}, or {@code deletecollection}
     * on a collection. Null for a non-resource path.
     */
    static Access toAccess(String method, String path, String query) {
        List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        String group;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            parts = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            parts = parts.subList(3, parts.size());
        } else {
            return null;
        }
        if (parts.isEmpty()) {
            return null; // discovery of a group version
        }
        boolean legacyWatch = parts.get(0).equals("watch");
        if (legacyWatch) {
            parts = parts.subList(1, parts.size());
        }
        boolean namespaced = false;
        // "namespaces/<ns>/<resource>..." is namespaced; "namespaces" or "namespaces/<ns>" is the Namespace itself.
        if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
            namespaced = true;
            parts = parts.subList(2, parts.size());
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : null;
        String subresource = parts.size() > 2 ? parts.get(2) : null;
        boolean watchParam = query != null && Arrays.asList(query.split("&")).contains("watch=true");
        String verb = switch (method) {
            case "GET", "HEAD" -> legacyWatch || watchParam ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("unexpected HTTP method " + method + " " + path);
        };
        return new Access(verb, group, subresource == null ? resource : resource + "/" + subresource, namespaced,
                method + " " + path + (query == null ? "" : "?" + query));
    }
}
