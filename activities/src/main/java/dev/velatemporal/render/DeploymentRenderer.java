package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.model.WebserviceProperties.Volume;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webservice's Deployment. A component with a {@code rollout} trait gets one per revision, named after it
 * ({@code reviews-v2}), so two revisions can run side by side; any other component gets one named after itself.
 */
public final class DeploymentRenderer {

    /**
     * @param revision the revision to render, or null for a component without rollout (not revisioned)
     * @param workload the revision's workload: the component's properties, or a recorded older revision's
     */
    public Deployment render(Application application, Component component, String revision,
            WebserviceProperties workload, int replicas) {
        String name = revision != null ? revision : component.name();
        Map<String, String> labels = OamLabels.of(application.name(), component.name(), revision);
        return new DeploymentBuilder()
                .withMetadata(ObjectMetas.of(name, application.namespace(), labels))
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector()
                        .withMatchLabels(OamLabels.revisionSelector(component.name(), revision))
                    .endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels(labels, component.name(), revision)).endMetadata()
                        .withNewSpec()
                            .withContainers(container(component.name(), workload))
                            .withVolumes(workload.volumes().stream().map(this::volume).toList())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Pods also carry Istio's {@code app} and {@code version} labels, by which its telemetry and Kiali tell the
     * revisions of a canary apart. They are not part of the selector.
     */
    private static Map<String, String> podLabels(Map<String, String> labels, String component, String revision) {
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put("app", component);
        if (revision != null) {
            podLabels.put("version", revision);
        }
        return podLabels;
    }

    private Container container(String name, WebserviceProperties workload) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(name)
                .withImage(workload.image())
                .withImagePullPolicy(workload.imagePullPolicy())
                .addNewPort().withContainerPort(workload.port()).endPort()
                .withEnv(workload.env().stream()
                        .map(env -> new EnvVarBuilder().withName(env.name()).withValue(env.value()).build())
                        .toList())
                .withVolumeMounts(workload.volumes().stream()
                        .map(v -> new VolumeMountBuilder().withName(v.name()).withMountPath(v.mountPath()).build())
                        .toList());
        if (!workload.cmd().isEmpty()) {
            container.withCommand(workload.cmd());
        }
        ResourceRequirements resources = resources(workload);
        if (resources != null) {
            container.withResources(resources);
        }
        return container.build();
    }

    /** As KubeVela's webservice: cpu and memory are both the request and the limit. */
    private ResourceRequirements resources(WebserviceProperties workload) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        if (workload.cpu() != null) {
            amounts.put("cpu", new Quantity(workload.cpu()));
        }
        if (workload.memory() != null) {
            amounts.put("memory", new Quantity(workload.memory()));
        }
        if (amounts.isEmpty()) {
            return null;
        }
        return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build();
    }

    private io.fabric8.kubernetes.api.model.Volume volume(Volume volume) {
        VolumeBuilder builder = new VolumeBuilder().withName(volume.name());
        return switch (volume.type()) {
            case "pvc" -> builder.withNewPersistentVolumeClaim().withClaimName(volume.claimName())
                    .endPersistentVolumeClaim().build();
            case "configMap" -> builder.withNewConfigMap().withName(volume.cmName()).endConfigMap().build();
            case "secret" -> builder.withNewSecret().withSecretName(volume.secretName()).endSecret().build();
            case "emptyDir" -> builder.withNewEmptyDir().withMedium(volume.medium()).endEmptyDir().build();
            default -> throw new IllegalArgumentException("unknown volume type " + volume.type()
                    + "; validation admits only " + Volume.TYPES);
        };
    }
}
