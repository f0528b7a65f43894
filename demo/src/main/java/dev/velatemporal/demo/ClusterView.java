package dev.velatemporal.demo;

import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** The cluster as the demo checks it after each chapter: what kubectl would show. */
final class ClusterView {

    private final KubernetesClient kube;

    ClusterView(KubernetesClient kube) {
        this.kube = kube;
    }

    /** The component's VirtualService route as subset to weight (the host itself when it has no subsets). */
    Map<String, Integer> weights(String namespace, String component) {
        VirtualService service = kube.resources(VirtualService.class).inNamespace(namespace).withName(component).get();
        Map<String, Integer> weights = new LinkedHashMap<>();
        if (service == null) {
            return weights;
        }
        service.getSpec().getHttp().get(0).getRoute().forEach(route -> weights.put(
                route.getDestination().getSubset() != null ? route.getDestination().getSubset()
                        : route.getDestination().getHost(),
                route.getWeight() != null ? route.getWeight() : 100));
        return weights;
    }

    /** Ready replicas of a Deployment; -1 when it does not exist. */
    int readyReplicas(String namespace, String deployment) {
        Deployment found = kube.apps().deployments().inNamespace(namespace).withName(deployment).get();
        if (found == null) {
            return -1;
        }
        Integer ready = found.getStatus() != null ? found.getStatus().getReadyReplicas() : null;
        return ready != null ? ready : 0;
    }
}
