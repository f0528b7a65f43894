package dev.velatemporal.activity;

import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user sees of the cluster: every object we write, by {@code Kind namespace/name}, with its labels and spec
 * (Deployments also their replicas and ready replicas). Two snapshots are equal when no run changed anything a
 * user can see; resource versions are left out, since a write of the same values may still bump them.
 */
final class ClusterState {

    private ClusterState() {}

    static Map<String, String> of(KubernetesClient client) {
        Map<String, String> state = new TreeMap<>();
        var json = client.getKubernetesSerialization();
        client.apps().deployments().inAnyNamespace().list().getItems().forEach(d -> state.put(key(d),
                json.asJson(d.getMetadata().getLabels()) + json.asJson(d.getSpec()) + json.asJson(d.getStatus())));
        client.services().inAnyNamespace().list().getItems().forEach(s -> state.put(key(s),
                json.asJson(s.getMetadata().getLabels()) + json.asJson(s.getSpec())));
        for (Class<? extends HasMetadata> type : List.of(Gateway.class, VirtualService.class, DestinationRule.class)) {
            client.resources(type).inAnyNamespace().list().getItems().forEach(o -> state.put(key(o),
                    json.asJson(o.getMetadata().getLabels()) + json.asJson(json.convertValue(o,
                            GenericKubernetesResource.class).getAdditionalProperties().get("spec"))));
        }
        return state;
    }

    private static String key(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
