package dev.velatemporal.activity;

import io.temporal.failure.ApplicationFailure;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces a worker may act in ({@code --allowed-namespaces}): every activity checks its request's namespace
 * against it before it calls the API, so a worker confined to some namespaces never touches another, whatever
 * Application it is given. An empty set allows every namespace.
 *
 * @param allowed the namespaces allowed, sorted; empty for any
 */
public record NamespacePolicy(Set<String> allowed) {

    /** The failure type of an activity refused for its namespace; non-retryable, as another try is refused too. */
    public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";

    public NamespacePolicy {
        for (String namespace : allowed) {
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("an allowed namespace is empty: " + allowed);
            }
        }
        allowed = Collections.unmodifiableSortedSet(new TreeSet<>(allowed));
    }

    /** Every namespace. */
    public static NamespacePolicy any() {
        return new NamespacePolicy(Set.of());
    }

    /** Only {@code namespaces}; every namespace when it is empty. */
    public static NamespacePolicy of(Collection<String> namespaces) {
        return new NamespacePolicy(new LinkedHashSet<>(namespaces));
    }

    public boolean allows(String namespace) {
        return allowed.isEmpty() || (namespace != null && allowed.contains(namespace));
    }

    /** {@code any namespace}, or the allowed ones: {@code team-a, team-b}. */
    public String describe() {
        return allowed.isEmpty() ? "any namespace" : String.join(", ", allowed);
    }

    /** Throws the non-retryable {@value #NAMESPACE_NOT_ALLOWED} failure unless {@code namespace} is allowed. */
    void check(String namespace) {
        if (!allows(namespace)) {
            String message = "namespace " + namespace + " is not allowed on this worker (--allowed-namespaces "
                    + describe() + ")";
            throw ApplicationFailure.newNonRetryableFailure(message, NAMESPACE_NOT_ALLOWED);
        }
    }
}
