package dev.velatemporal.kube;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.Metadata;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.DeploymentRenderer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/** Deployments as the renderer makes them, and statuses as a controller would write them. */
public final class Fixtures {

    public static final String NS = "default";
    public static final String APP = "book-info";

    private Fixtures() {}

    /** The Deployment of revision {@code revision} of component {@code component} of {@link #APP}. */
    public static Deployment revision(String component, String revision, String image, int replicas) {
        Component c = new Component(component, Component.WEBSERVICE, WebserviceProperties.ofImage(image), List.of());
        Application app = new Application(new Metadata(APP, NS), new ApplicationSpec(List.of(c), null));
        return new DeploymentRenderer().render(app, c, revision, c.properties(), replicas);
    }

    /** Writes a Deployment's status as its controller would: observed, all updated, {@code ready} of them ready. */
    public static void writeStatus(KubernetesClient client, String name, int ready) {
        Deployment current = client.apps().deployments().inNamespace(NS).withName(name).get();
        int replicas = current.getSpec().getReplicas();
        client.apps().deployments().inNamespace(NS).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"observedGeneration\":"
                        + current.getMetadata().getGeneration() + ",\"replicas\":" + replicas
                        + ",\"updatedReplicas\":" + replicas + ",\"readyReplicas\":" + ready + "}}");
    }

    public static Deployment get(KubernetesClient client, String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }
}
