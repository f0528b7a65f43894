package dev.velatemporal.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiErrorsTest {

    private static KubernetesClientException error(int code, String reason, String message) {
        Status status = new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build();
        return new KubernetesClientException(status);
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {408, 409, 410, 429, 500, 502, 503, 504})
    void transientErrorsAreThrownAsTheyAre(int code) {
        KubernetesClientException e = error(code, "Whatever", "try again");

        assertThat(ApiErrors.classify("scale Deployment default/reviews-v2", e)).isSameAs(e);
    }

    @Test
    void anErrorWithoutAnHttpAnswerIsRetried() {
        KubernetesClientException e = new KubernetesClientException("connection refused", new IOException("refused"));

        assertThat(e.getCode()).isNotPositive();
        assertThat(ApiErrors.classify("get Service default/reviews", e)).isSameAs(e);
    }

    @ParameterizedTest(name = "HTTP {0} fails for good as {1}")
    @CsvSource({
        "400, BadRequest, 'scale Deployment default/reviews-v2: bad request: the body is not JSON'",
        "401, Unauthorized, 'scale Deployment default/reviews-v2: unauthorized (check the worker''s credentials): the body is not JSON'",
        "403, Forbidden, 'scale Deployment default/reviews-v2: forbidden (check the worker''s RBAC permissions): the body is not JSON'",
        "404, NotFound, 'scale Deployment default/reviews-v2: not found'",
        "405, KubernetesApiError, 'scale Deployment default/reviews-v2: HTTP 405: the body is not JSON'",
        "422, Invalid, 'scale Deployment default/reviews-v2: invalid: the body is not JSON'",
    })
    void permanentErrorsFailForGood(int code, String type, String message) {
        RuntimeException thrown = ApiErrors.classify("scale Deployment default/reviews-v2",
                error(code, "Reason", "the body is not JSON"));

        assertThat(thrown).isInstanceOf(ApplicationFailure.class);
        ApplicationFailure failure = (ApplicationFailure) thrown;
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getType()).isEqualTo(type);
        assertThat(failure.getOriginalMessage()).isEqualTo(message);
    }

    @Test
    void anInvalidObjectNamesEachRefusedField() {
        Status status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Deployment.apps \"reviews-v2\" is invalid")
                .withNewDetails().addNewCause().withField("spec.replicas").withMessage("must be greater than or equal to 0")
                .endCause().endDetails().build();

        RuntimeException thrown = ApiErrors.classify("scale Deployment default/reviews-v2",
                new KubernetesClientException(status));

        assertThat(((ApplicationFailure) thrown).getOriginalMessage()).isEqualTo(
                "scale Deployment default/reviews-v2: invalid: Deployment.apps \"reviews-v2\" is invalid"
                        + " (spec.replicas: must be greater than or equal to 0)");
    }

    @Test
    void callClassifiesWhatTheCallThrowsAndPassesResultsThrough() {
        assertThat(ApiErrors.call("get Service default/x", () -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> ApiErrors.call("get Service default/x", () -> {
            throw error(403, "Forbidden", "services \"x\" is forbidden");
        }))
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("get Service default/x: forbidden");
    }
}
