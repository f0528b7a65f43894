package dev.velatemporal.worker;

/** The Kubernetes API named by the kubeconfig cannot be used; the message says which and what to check. */
final class ClusterUnreachableException extends RuntimeException {

    ClusterUnreachableException(String message) {
        super(message);
    }
}
