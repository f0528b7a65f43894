package dev.velatemporal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class KubernetesVerbTest {

    private static final String DEPLOYMENTS = "https://k8s:6443/apis/apps/v1/namespaces/default/deployments";

    private static String verb(String method, String uri) {
        return KubernetesVerb.of(method, URI.create(uri));
    }

    @Test
    void readsAreGetListOrWatch() {
        assertThat(verb("GET", DEPLOYMENTS + "/reviews-v2")).isEqualTo("get");
        assertThat(verb("GET", DEPLOYMENTS + "/reviews-v2/scale")).isEqualTo("get");
        assertThat(verb("GET", DEPLOYMENTS + "?labelSelector=app%3Dreviews")).isEqualTo("list");
        assertThat(verb("GET", "https://k8s:6443/apis/apps/v1/deployments")).isEqualTo("list");
        assertThat(verb("GET", DEPLOYMENTS + "?resourceVersion=5&watch=true")).isEqualTo("watch");
        assertThat(verb("GET", "wss://k8s:6443/apis/apps/v1/watch/namespaces/default/deployments")).isEqualTo("watch");
    }

    @Test
    void writesFollowTheMethod() {
        assertThat(verb("POST", DEPLOYMENTS)).isEqualTo("create");
        assertThat(verb("PUT", DEPLOYMENTS + "/reviews-v2")).isEqualTo("update");
        assertThat(verb("PATCH", DEPLOYMENTS + "/reviews-v2/status")).isEqualTo("patch");
        assertThat(verb("DELETE", DEPLOYMENTS + "/reviews-v2")).isEqualTo("delete");
        assertThat(verb("DELETE", DEPLOYMENTS + "?labelSelector=app%3Dreviews")).isEqualTo("deletecollection");
    }

    @Test
    void namespacesAndCoreResourcesAreResourcesToo() {
        assertThat(verb("GET", "https://k8s:6443/api/v1/namespaces")).isEqualTo("list");
        assertThat(verb("GET", "https://k8s:6443/api/v1/namespaces/team-a")).isEqualTo("get");
        assertThat(verb("DELETE", "https://k8s:6443/api/v1/namespaces/team-a/services/reviews")).isEqualTo("delete");
    }

    @Test
    void otherRequestsAreTheirMethod() {
        assertThat(verb("GET", "https://k8s:6443/version")).isEqualTo("get");
        assertThat(verb("GET", "https://k8s:6443/apis/networking.istio.io/v1")).isEqualTo("get");
        assertThat(verb("POST", "https://k8s:6443/api")).isEqualTo("post");
    }
}
