package dev.velatemporal.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents of a Kubernetes API server, for the kinds of {@link ServedResource#all}: what kubectl
 * reads before anything else, to turn {@code get deploy,vs} into request paths.
 *
 * <p>Only the legacy (per group-version) documents are served. kubectl 1.30+ first asks {@code /api} and
 * {@code /apis} for aggregated discovery ({@code as=APIGroupDiscoveryList}); answered with a plain
 * {@code application/json} APIVersions or APIGroupList, it falls back to reading each group-version, which is
 * what a pre-1.26 server does, so one format serves every client.
 *
 * <p>Every document is rendered once, when the cluster starts: they never change, and answering from a map keeps
 * the mock server's event loop free.
 */
final class ApiDiscovery {

    /** The Kubernetes release the sandbox claims to be; kubectl warns when it is more than one minor away. */
    static final String MAJOR = "1";
    static final String MINOR = "32";

    /** The health checks, which answer {@code ok} as text (for {@code kubectl get --raw /readyz} and scripts). */
    static final List<String> HEALTH_PATHS = List.of("/healthz", "/livez", "/readyz");

    private final Map<String, String> documents;

    private ApiDiscovery(Map<String, String> documents) {
        this.documents = documents;
    }

    /** The documents announcing {@code resources}. */
    static ApiDiscovery of(List<ServedResource> resources) {
        KubernetesSerialization json = new KubernetesSerialization();
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("/version", version());
        documents.put("/api", json.asJson(new APIVersionsBuilder()
                .withKind("APIVersions")
                .withVersions("v1")
                .build()));
        documents.put("/api/v1", resourceList(json, "", "v1", resources));
        List<APIGroup> groups = new ArrayList<>();
        for (String group : groups(resources)) {
            APIGroup apiGroup = group(group, resources);
            groups.add(apiGroup);
            documents.put("/apis/" + group, json.asJson(apiGroup));
            for (GroupVersionForDiscovery version : apiGroup.getVersions()) {
                documents.put("/apis/" + version.getGroupVersion(),
                        resourceList(json, group, version.getVersion(), resources));
            }
        }
        documents.put("/apis", json.asJson(new APIGroupListBuilder()
                .withApiVersion("v1")
                .withKind("APIGroupList")
                .withGroups(groups)
                .build()));
        List<String> paths = new ArrayList<>(documents.keySet());
        paths.addAll(HEALTH_PATHS);
        documents.put("/", json.asJson(new RootPathsBuilder().withPaths(paths.stream().sorted().toList()).build()));
        return new ApiDiscovery(Map.copyOf(documents));
    }

    /** The document at {@code path} (without the query), if it is a discovery path. */
    Optional<String> document(String path) {
        return Optional.ofNullable(documents.get(path));
    }

    private static String version() {
        ObjectNode version = new ObjectMapper().createObjectNode()
                .put("major", MAJOR)
                .put("minor", MINOR)
                .put("gitVersion", "v" + MAJOR + "." + MINOR + ".0")
                .put("gitCommit", "vela-temporal-sandbox")
                .put("gitTreeState", "clean")
                .put("buildDate", "2025-01-01T00:00:00Z")
                .put("goVersion", "n/a (fabric8 kubernetes-server-mock)")
                .put("compiler", "gc")
                .put("platform", "linux/amd64");
        return version.toString();
    }

    private static List<String> groups(List<ServedResource> resources) {
        return resources.stream().map(ServedResource::group).filter(g -> !g.isEmpty()).distinct().toList();
    }

    /** A group with every version any of its resources is served at; the first version listed is preferred. */
    private static APIGroup group(String group, List<ServedResource> resources) {
        List<GroupVersionForDiscovery> versions = resources.stream()
                .filter(r -> r.group().equals(group))
                .flatMap(r -> r.versions().stream())
                .distinct()
                .map(v -> new GroupVersionForDiscoveryBuilder().withGroupVersion(group + "/" + v).withVersion(v).build())
                .toList();
        return new APIGroupBuilder()
                .withApiVersion("v1")
                .withKind("APIGroup")
                .withName(group)
                .withVersions(versions)
                .withPreferredVersion(versions.get(0))
                .build();
    }

    private static String resourceList(KubernetesSerialization json, String group, String version,
            List<ServedResource> resources) {
        List<APIResource> listed = new ArrayList<>();
        for (ServedResource resource : resources) {
            if (resource.group().equals(group) && resource.versions().contains(version)) {
                listed.add(resource(resource));
                resource.subresources().forEach(sub -> listed.add(subresource(resource, sub)));
            }
        }
        return json.asJson(new APIResourceListBuilder()
                .withApiVersion("v1")
                .withKind("APIResourceList")
                .withGroupVersion(group.isEmpty() ? version : group + "/" + version)
                .withResources(listed)
                .build());
    }

    private static APIResource resource(ServedResource resource) {
        APIResourceBuilder builder = new APIResourceBuilder()
                .withName(resource.plural())
                .withSingularName(resource.singular())
                .withNamespaced(resource.namespaced())
                .withKind(resource.kind())
                .withVerbs(ServedResource.VERBS);
        if (!resource.shortNames().isEmpty()) {
            builder.withShortNames(resource.shortNames());
        }
        if (!resource.categories().isEmpty()) {
            builder.withCategories(resource.categories());
        }
        return builder.build();
    }

    /** As a real server lists them: {@code scale} is an {@code autoscaling/v1 Scale}, {@code status} the kind itself. */
    private static APIResource subresource(ServedResource resource, String subresource) {
        APIResourceBuilder builder = new APIResourceBuilder()
                .withName(resource.plural() + "/" + subresource)
                .withSingularName("")
                .withNamespaced(resource.namespaced())
                .withKind(resource.kind())
                .withVerbs(ServedResource.SUBRESOURCE_VERBS);
        if (subresource.equals("scale")) {
            builder.withGroup("autoscaling").withVersion("v1").withKind("Scale");
        }
        return builder.build();
    }
}
