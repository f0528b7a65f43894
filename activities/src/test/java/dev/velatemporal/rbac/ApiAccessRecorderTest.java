package dev.velatemporal.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.rbac.ApiAccessRecorder.Access;
import dev.velatemporal.rbac.ApiAccessRecorder.Grant;
import org.junit.jupiter.api.Test;

/** The recorder names each request as the API server's authorizer (k8s.io/apiserver RequestInfo) would. */
class ApiAccessRecorderTest {

    @Test
    void requestsAreNamedAsTheAuthorizerNamesThem() {
        String deployments = "/apis/apps/v1/namespaces/default/deployments";
        assertThat(ApiAccessRecorder.toAccess("GET", deployments + "/reviews-v1", null))
                .isEqualTo(new Access("get", "apps", "deployments", true, "GET " + deployments + "/reviews-v1"));
        assertThat(ApiAccessRecorder.toAccess("GET", deployments, "labelSelector=a%3Db").grant())
                .isEqualTo(new Grant("apps", "deployments", "list"));
        assertThat(ApiAccessRecorder.toAccess("GET", deployments, "resourceVersion=1&watch=true").grant())
                .isEqualTo(new Grant("apps", "deployments", "watch"));
        assertThat(ApiAccessRecorder.toAccess("GET", "/apis/apps/v1/watch/namespaces/default/deployments", null)
                .grant()).isEqualTo(new Grant("apps", "deployments", "watch"));
        assertThat(ApiAccessRecorder.toAccess("POST", "/api/v1/namespaces/default/services", null).grant())
                .isEqualTo(new Grant("", "services", "create"));
        assertThat(ApiAccessRecorder.toAccess("PUT", deployments + "/x", null).grant())
                .isEqualTo(new Grant("apps", "deployments", "update"));
        assertThat(ApiAccessRecorder.toAccess("PATCH", deployments + "/x/status", null).grant())
                .isEqualTo(new Grant("apps", "deployments/status", "patch"));
        assertThat(ApiAccessRecorder.toAccess("DELETE", "/apis/networking.istio.io/v1/namespaces/d/gateways/g", null)
                .grant()).isEqualTo(new Grant("networking.istio.io", "gateways", "delete"));
        assertThat(ApiAccessRecorder.toAccess("DELETE", deployments, null).grant())
                .isEqualTo(new Grant("apps", "deployments", "deletecollection"));
        assertThat(ApiAccessRecorder.toAccess("GET", "/apis/apps/v1/deployments", null))
                .isEqualTo(new Access("list", "apps", "deployments", false, "GET /apis/apps/v1/deployments"));
        assertThat(ApiAccessRecorder.toAccess("GET", "/api/v1/namespaces/default", null).grant())
                .isEqualTo(new Grant("", "namespaces", "get"));
        assertThat(ApiAccessRecorder.toAccess("GET", "/version", null)).isNull();
        assertThat(ApiAccessRecorder.toAccess("GET", "/apis/networking.istio.io/v1", null)).isNull();
    }
}
