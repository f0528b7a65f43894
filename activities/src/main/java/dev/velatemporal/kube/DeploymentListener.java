package dev.velatemporal.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What a {@link NamespaceInformer} tells one listener about one Deployment. Calls come from the informer's event
 * thread, in the order the API server reported the changes, so they must return quickly and never block.
 */
interface DeploymentListener {

    /** The Deployment was added or changed (also when the informer lists it on start or after a relist). */
    void changed(Deployment deployment);

    /** The Deployment was deleted; {@code deployment} is its last known state. */
    void deleted(Deployment deployment);

    /** The informer stopped for good: no more calls will come. {@code cause} says why; retrying may help. */
    void stopped(KubernetesClientException cause);
}
