package dev.velatemporal.sandbox;

/**
 * What the {@link FaultInjector} does to one request instead of (or after) serving it. The statuses are the
 * transient answers a real API server gives under load or contention (and 403/422, which are not transient: a
 * rule makes them persistent on one object). The two breaks model a connection reset: fabric8's client sees an
 * I/O error with no HTTP answer, and cannot tell whether the request was executed.
 */
public enum ApiFault {
    SERVER_ERROR(500, "InternalError", "the fault layer answered 500"),
    UNAVAILABLE(503, "ServiceUnavailable", "the fault layer answered 503"),
    THROTTLED(429, "TooManyRequests", "the fault layer answered 429"),
    CONFLICT(409, "Conflict", "the object has been modified (the fault layer answered 409)"),
    FORBIDDEN(403, "Forbidden", "the fault layer forbids this request"),
    INVALID(422, "Invalid", "the fault layer refuses this object as invalid"),
    /** The request never reaches the store; the answer is broken. */
    RESET_BEFORE(0, null, null),
    /** The request is executed by the store; its answer is broken ("executed but the answer was lost"). */
    ANSWER_LOST(0, null, null);

    private final int code;
    private final String reason;
    private final String message;

    ApiFault(int code, String reason, String message) {
        this.code = code;
        this.reason = reason;
        this.message = message;
    }

    /** The HTTP status it answers with; 0 for the breaks. */
    public int code() {
        return code;
    }

    /** Whether the store executes the request before the fault is applied. */
    boolean executes() {
        return this == ANSWER_LOST;
    }

    boolean breaksConnection() {
        return code == 0;
    }

    /** A Kubernetes Status body, as fabric8's client parses it into {@code KubernetesClientException.getStatus()}. */
    String statusBody() {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message + "\",\"reason\":\"" + reason + "\",\"details\":{},\"code\":" + code + "}";
    }
}
