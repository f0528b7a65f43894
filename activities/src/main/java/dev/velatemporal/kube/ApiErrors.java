package dev.velatemporal.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which Kubernetes API errors are worth retrying (SPEC section 4, "Failure and compensation").
 *
 * <p>Transient errors are thrown as they are, so Temporal retries the activity with backoff: conflicts (409),
 * throttling (429), server errors (5xx), request timeouts (408), an expired watch (410) and errors with no HTTP
 * answer at all (no code: connection refused, reset, timed out). Errors a retry cannot fix fail for good, as a
 * non-retryable {@link ApplicationFailure} whose message names the action, the object and the API's reason, e.g.
 * {@code scale Deployment default/reviews-v2: not found}, and whose type says which case it is:
 * {@value #BAD_REQUEST}, {@value #UNAUTHORIZED}, {@value #FORBIDDEN}, {@value #NOT_FOUND}, {@value #INVALID}, or
 * {@value #API_ERROR} for any other 4xx.
 */
public final class ApiErrors {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String INVALID = "Invalid";
    public static final String API_ERROR = "KubernetesApiError";

    private ApiErrors() {}

    /**
     * Runs one API call, classifying what it throws.
     *
     * @param action what the call does, naming the object: {@code scale Deployment default/reviews-v2}
     */
    public static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw classify(action, e);
        }
    }

    public static void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }

    /** The exception to throw for {@code e}: itself when a retry may succeed, else a non-retryable failure. */
    public static RuntimeException classify(String action, KubernetesClientException e) {
        int code = e.getCode();
        if (isRetryable(code)) {
            return e;
        }
        return ApplicationFailure.newNonRetryableFailureWithCause(
                action + ": " + describe(code, e), type(code), e);
    }

    /** A failure for an object that must exist and does not (a 404 the client reported as "nothing there"). */
    public static ApplicationFailure notFound(String action) {
        return ApplicationFailure.newNonRetryableFailure(action + ": not found", NOT_FOUND);
    }

    public static boolean isRetryable(int code) {
        return code <= 0 || code == 408 || code == 409 || code == 410 || code == 429 || code >= 500;
    }

    private static String type(int code) {
        return switch (code) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 422 -> INVALID;
            default -> API_ERROR;
        };
    }

    private static String describe(int code, KubernetesClientException e) {
        String phrase = switch (code) {
            case 400 -> "bad request";
            case 401 -> "unauthorized (check the worker's credentials)";
            case 403 -> "forbidden (check the worker's RBAC permissions)";
            case 404 -> "not found";
            case 422 -> "invalid";
            default -> "HTTP " + code;
        };
        if (code == 404) {
            // The API's own message ("deployments.apps \"x\" not found") only repeats the action.
            return phrase;
        }
        String apiMessage = apiMessage(e);
        return apiMessage.isEmpty() ? phrase : phrase + ": " + apiMessage;
    }

    /** The Status message the API answered with, and for 422 each field it refused. */
    private static String apiMessage(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status == null || status.getMessage() == null || status.getMessage().isBlank()) {
            return "";
        }
        String message = status.getMessage();
        List<StatusCause> causes = status.getDetails() == null ? List.of() : status.getDetails().getCauses();
        String fields = causes.stream()
                .filter(c -> c.getMessage() != null && !message.contains(c.getMessage()))
                .map(c -> c.getField() == null ? c.getMessage() : c.getField() + ": " + c.getMessage())
                .collect(Collectors.joining("; "));
        return fields.isEmpty() ? message : message + " (" + fields + ")";
    }
}
