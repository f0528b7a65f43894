package dev.velatemporal.sandbox;

import dev.velatemporal.kube.Deployments;
import dev.velatemporal.render.OamLabels;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ready pods answer a route destination of a component, as the mesh decides it: the component's pods (those
 * its Service selects, by {@code app.oam.dev/component}), narrowed by the labels of the destination's subset in
 * the component's DestinationRule. Pods are read off their Deployments' pod templates and ready counts, since the
 * sandbox has no pods.
 */
final class Upstreams {

    private final DestinationRule rule;
    private final List<Deployment> componentDeployments;

    /**
     * @param rule the component's DestinationRule, or null when it has none
     * @param deployments Deployments of the namespace; those whose pods are not the component's are ignored
     */
    Upstreams(String component, DestinationRule rule, List<Deployment> deployments) {
        this.rule = rule;
        this.componentDeployments = deployments.stream()
                .filter(d -> component.equals(podLabels(d).get(OamLabels.COMPONENT)))
                .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
                .toList();
    }

    /**
     * The ready Deployments that answer {@code subset} (every subset when null, a route to the host as a whole).
     * Empty when none is ready or the DestinationRule does not define the subset: a request there fails.
     */
    List<Upstream> of(String subset) {
        Map<String, String> selector;
        if (subset == null) {
            selector = Map.of();
        } else {
            Optional<Map<String, String>> labels = subsetLabels(subset);
            if (labels.isEmpty()) {
                return List.of();
            }
            selector = labels.get();
        }
        return componentDeployments.stream()
                .filter(d -> ready(d) > 0 && podLabels(d).entrySet().containsAll(selector.entrySet()))
                .map(d -> new Upstream(revisionOf(d), Deployments.image(d), ready(d)))
                .toList();
    }

    private Optional<Map<String, String>> subsetLabels(String subset) {
        if (rule == null || rule.getSpec() == null || rule.getSpec().getSubsets() == null) {
            return Optional.empty();
        }
        return rule.getSpec().getSubsets().stream()
                .filter(s -> subset.equals(s.getName()))
                .findFirst()
                .map(Subset::getLabels)
                .map(labels -> labels == null ? Map.<String, String>of() : labels);
    }

    private static String revisionOf(Deployment deployment) {
        return Objects.requireNonNullElse(podLabels(deployment).get(OamLabels.REVISION),
                deployment.getMetadata().getName());
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getMetadata() == null
                || deployment.getSpec().getTemplate().getMetadata().getLabels() == null) {
            return Map.of();
        }
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static int ready(Deployment deployment) {
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }
}
