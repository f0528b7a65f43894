package dev.velatemporal.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rendered objects the way every activity does: create when missing, else patch the fields we own. Never
 * server-side apply.
 *
 * <p>Updates are JSON patches (RFC 6902) of {@code add} operations, one per owned field, each replacing the field
 * whole: a list such as a DestinationRule's subsets or a pod template's containers becomes exactly the rendered
 * one. (A JSON merge patch would do the same on a real API server, but fabric8's mock server merges lists
 * element by element, so tests could not tell right from wrong.) Never a {@code test} operation.
 *
 * <p>Which Kubernetes path an object goes to is its class's: a {@code v1beta1} Istio class goes to the v1beta1
 * API, whatever its {@code apiVersion} field says.
 *
 * <p>{@link #createOrPatch} logs what it did, as it is a whole action; {@link #createIfMissing} and {@link #patch}
 * leave that to their callers, which know what the write means (a revision's replicas, a traffic split). Log lines
 * name objects, never their contents: a pod template holds environment values.
 */
public final class ObjectWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public ObjectWriter(KubernetesClient client) {
        this.client = client;
    }

    /** {@code Deployment default/reviews-v2}: how messages name an object. */
    public static String describe(HasMetadata object) {
        return describe(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    public static String describe(String kind, String namespace, String name) {
        return kind + " " + namespace + "/" + name;
    }

    /**
     * Creates {@code desired} unless an object of its name exists; true when it created it, in this attempt or an
     * earlier attempt of the same activity (see {@link CreationMark}: an attempt whose create was executed but
     * whose answer was lost).
     */
    public <T extends HasMetadata> boolean createIfMissing(T desired) {
        String what = describe(desired);
        CreationMark.mark(desired);
        try {
            client.resource(desired).create();
            return true;
        } catch (KubernetesClientException e) {
            T existing = e.getCode() == 409 ? get(desired) : null;
            if (existing != null) {
                // AlreadyExists: an earlier attempt of this activity created it (ours), or someone else did
                return CreationMark.isOurs(existing);
            }
            throw ApiErrors.classify("create " + what, e);
        }
    }

    /**
     * Creates {@code desired} when missing (true), else replaces the fields at {@code paths} (JSON pointers such
     * as {@code /spec/template}) with the desired values (false). Fields outside {@code paths}, such as a
     * Service's clusterIP or a Deployment's status, are left as the cluster has them.
     */
    public <T extends HasMetadata> boolean createOrPatch(T desired, List<String> paths) {
        T current = get(desired);
        if (current == null && createIfMissing(desired)) {
            LOG.info("created {}", describe(desired));
            return true;
        }
        if (current != null && sameAt(current, desired, paths)) {
            // Nothing to change (a retry after a patch whose answer was lost, say): no write at all.
            LOG.debug("{} already as desired", describe(desired));
            return CreationMark.isOurs(current);
        }
        T patched = patch(desired, paths);
        if (current != null && CreationMark.isOurs(current)) {
            LOG.info("created {} (in an earlier attempt, whose answer was lost)", describe(desired));
            return true;
        }
        if (current == null || changed(current, patched)) {
            LOG.info("patched {}", describe(desired));
        } else {
            LOG.debug("{} already as desired", describe(desired));
        }
        return false;
    }

    /**
     * Replaces the fields at {@code paths} of the existing object with those of {@code desired}; returns the
     * object as the API server has it after the patch.
     */
    public <T extends HasMetadata> T patch(T desired, List<String> paths) {
        JsonNode tree = desiredJson(desired);
        ArrayNode operations = JSON.createArrayNode();
        for (String path : paths) {
            JsonNode value = tree.at(path);
            if (!value.isMissingNode()) {
                operations.addObject().put("op", "add").put("path", path).set("value", value);
            }
        }
        String patch = operations.toString();
        return ApiErrors.call("update " + describe(desired),
                () -> client.resource(desired).patch(PatchContext.of(PatchType.JSON), patch));
    }

    /** The object of {@code desired}'s kind and name as the cluster has it, or null. */
    public <T extends HasMetadata> T get(T desired) {
        return ApiErrors.call("get " + describe(desired), () -> client.resource(desired).get());
    }

    /** Whether {@code current} already has {@code desired}'s values at every one of {@code paths}. */
    private boolean sameAt(HasMetadata current, HasMetadata desired, List<String> paths) {
        JsonNode have = desiredJson(current);
        JsonNode want = desiredJson(desired);
        return paths.stream().allMatch(path -> want.at(path).isMissingNode() || want.at(path).equals(have.at(path)));
    }

    /** The API server keeps the resourceVersion of an object a patch did not change. */
    private static boolean changed(HasMetadata before, HasMetadata after) {
        String was = before.getMetadata().getResourceVersion();
        return was == null || after == null || !Objects.equals(was, after.getMetadata().getResourceVersion());
    }

    private JsonNode desiredJson(HasMetadata desired) {
        try {
            return JSON.readTree(client.getKubernetesSerialization().asJson(desired));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + describe(desired), e);
        }
    }
}
