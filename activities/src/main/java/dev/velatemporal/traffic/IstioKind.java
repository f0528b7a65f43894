package dev.velatemporal.traffic;

import dev.velatemporal.kube.ApiErrors;
import dev.velatemporal.kube.ObjectWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of Istio object (VirtualService, DestinationRule, Gateway) at the API version the cluster serves.
 *
 * <p>Callers always hold the {@code networking.istio.io/v1} model classes (what the renderers build, {@code V});
 * requests go through the class of the chosen version ({@code wireType}: the v1, v1beta1 or v1alpha3 class), so
 * they reach {@code /apis/networking.istio.io/<version>/...}. The three versions share one spec model, so the
 * conversion is a copy; for v1 there is none.
 */
public final class IstioKind<V extends HasMetadata> {

    private static final Logger LOG = LoggerFactory.getLogger(IstioKind.class);

    private final KubernetesClient client;
    private final ObjectWriter writer;
    private final String kind;
    private final Class<V> modelType;
    private final Class<? extends HasMetadata> wireType;

    IstioKind(KubernetesClient client, String kind, Class<V> modelType, Class<? extends HasMetadata> wireType) {
        this.client = client;
        this.writer = new ObjectWriter(client);
        this.kind = kind;
        this.modelType = modelType;
        this.wireType = wireType;
    }

    public String kind() {
        return kind;
    }

    /** The object, or null when there is none. */
    public V get(String namespace, String name) {
        HasMetadata found = ApiErrors.call("get " + ObjectWriter.describe(kind, namespace, name),
                () -> client.resources(wireType).inNamespace(namespace).withName(name).get());
        return found == null ? null : convert(found, modelType);
    }

    /** Creates it unless an object of its name exists; true when it created it. */
    public boolean createIfMissing(V desired) {
        return writer.createIfMissing(wire(desired));
    }

    /** Creates it, or replaces the fields at {@code paths} of the existing one; true when it created it. */
    public boolean createOrPatch(V desired, List<String> paths) {
        return writer.createOrPatch(wire(desired), paths);
    }

    /** Replaces the fields at {@code paths} of the existing object. */
    public void patch(V desired, List<String> paths) {
        writer.patch(wire(desired), paths);
    }

    /** Deletes it; true when it existed. */
    public boolean delete(String namespace, String name) {
        String what = ObjectWriter.describe(kind, namespace, name);
        boolean existed = ApiErrors.call("delete " + what,
                () -> !client.resources(wireType).inNamespace(namespace).withName(name).delete().isEmpty());
        if (existed) {
            LOG.info("deleted {}", what);
        } else {
            LOG.debug("{} already gone", what);
        }
        return existed;
    }

    private HasMetadata wire(V object) {
        return convert(object, wireType);
    }

    private <T> T convert(Object object, Class<T> type) {
        return type.isInstance(object) ? type.cast(object) : client.getKubernetesSerialization().convertValue(object, type);
    }
}
