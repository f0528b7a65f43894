package dev.velatemporal.kube;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import dev.velatemporal.render.OamLabels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployment workloads: create if missing, update, scale, delete, list. Readiness is {@link ReadinessWait}'s.
 * Each change is logged at INFO, naming the Deployment and its replicas (never its pod template, which holds
 * environment values); a change that was already made, at DEBUG.
 */
public final class Deployments {

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    /** What an update of a component's own Deployment changes: its pods and its size; never its immutable selector. */
    static final List<String> OWNED_FIELDS = List.of("/spec/replicas", "/spec/template");

    private final KubernetesClient client;
    private final ObjectWriter writer;

    public Deployments(KubernetesClient client) {
        this.client = client;
        this.writer = new ObjectWriter(client);
    }

    /** Creates the Deployment unless one of its name exists (which is then left as it is); true when it created it. */
    public boolean createIfMissing(Deployment desired) {
        boolean created = writer.createIfMissing(desired);
        if (created) {
            LOG.info("created {} ({} replicas)", ObjectWriter.describe(desired), specReplicas(desired));
        } else {
            LOG.debug("{} exists: left as it is", ObjectWriter.describe(desired));
        }
        return created;
    }

    /** Creates the Deployment, or updates its pod template and replicas; true when it created it. */
    public boolean createOrUpdate(Deployment desired) {
        return writer.createOrPatch(desired, OWNED_FIELDS);
    }

    /** Sets the replicas of a Deployment that must exist; returns the replicas it had. */
    public int scale(DeploymentRef ref, int replicas) {
        String action = "scale " + describe(ref);
        Deployment current = ApiErrors.call(action, () -> resource(ref).get());
        if (current == null) {
            throw ApiErrors.notFound(action);
        }
        int before = specReplicas(current);
        if (before != replicas) {
            ApiErrors.run(action, () -> resource(ref).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"replicas\":" + replicas + "}}"));
            LOG.info("scaled {} from {} to {} replicas", describe(ref), before, replicas);
        } else {
            LOG.debug("{} already has {} replicas", describe(ref), replicas);
        }
        return before;
    }

    /** Deletes a Deployment (its ReplicaSets and pods go with it); returns the replicas it had, or -1 if it was gone. */
    public int delete(DeploymentRef ref) {
        String action = "delete " + describe(ref);
        Deployment current = ApiErrors.call(action, () -> resource(ref).get());
        if (current == null) {
            LOG.debug("{} already gone", describe(ref));
            return -1;
        }
        ApiErrors.run(action, () -> resource(ref).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
        LOG.info("deleted {}", describe(ref));
        return specReplicas(current);
    }

    /** Every Deployment of a component of an Application, by their OAM labels, sorted by name. */
    public List<DeploymentReadiness> observe(String namespace, String application, String component) {
        Map<String, String> labels = Map.of(OamLabels.APP_NAME, application, OamLabels.COMPONENT, component);
        List<Deployment> found = ApiErrors.call(
                "list Deployments of component " + namespace + "/" + component + " of Application " + application,
                () -> client.apps().deployments().inNamespace(namespace).withLabels(labels).list().getItems());
        return found.stream()
                .map(Deployments::readiness)
                .sorted(Comparator.comparing(DeploymentReadiness::name))
                .toList();
    }

    /** A Deployment as the status document shows it. */
    public static DeploymentReadiness readiness(Deployment deployment) {
        Map<String, String> labels = deployment.getMetadata().getLabels();
        return new DeploymentReadiness(
                deployment.getMetadata().getName(),
                labels == null ? null : labels.get(OamLabels.REVISION),
                image(deployment),
                specReplicas(deployment),
                deployment.getStatus() == null ? 0 : orZero(deployment.getStatus().getReadyReplicas()));
    }

    /** The image of the first container, or null when the Deployment has none. */
    public static String image(Deployment deployment) {
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null) {
            return null;
        }
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
    }

    /** {@code spec.replicas}; the API server defaults an absent value to 1. */
    public static int specReplicas(Deployment deployment) {
        Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    public static String describe(DeploymentRef ref) {
        return ObjectWriter.describe("Deployment", ref.namespace(), ref.name());
    }

    private RollableScalableResource<Deployment> resource(DeploymentRef ref) {
        return client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
    }
}
