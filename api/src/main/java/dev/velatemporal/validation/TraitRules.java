package dev.velatemporal.validation;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.CanaryTrafficTrait;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.ExposeTrait;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.IstioGatewayTrait.UriMatch;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.model.Trait;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The properties of each trait, and the combinations of traits that cannot work together. */
final class TraitRules {

    void check(Application application, Problems problems) {
        List<Component> components = application.components();
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            String componentPath = FieldPath.element("spec.components", i);
            for (int j = 0; j < component.traits().size(); j++) {
                Trait trait = component.traits().get(j);
                String path = FieldPath.element(componentPath + ".traits", j);
                if (trait instanceof ExposeTrait expose) {
                    checkExpose(expose.properties(), path + ".properties", problems);
                } else if (trait instanceof RolloutTrait rollout) {
                    checkRollout(rollout.properties(), path + ".properties", problems);
                } else if (trait instanceof CanaryTrafficTrait canary) {
                    checkCanaryTraffic(component, canary, path, problems);
                } else if (trait instanceof IstioGatewayTrait gateway) {
                    checkGateway(gateway.properties(), path + ".properties", problems);
                    checkGatewayHasService(component, path, problems);
                }
            }
        }
    }

    private void checkExpose(ExposeTrait.Properties properties, String path, Problems problems) {
        Ports.checkList(properties.port(), path + ".port", problems);
        if (!ExposeTrait.SERVICE_TYPES.contains(properties.type())) {
            problems.add(path + ".type", "\"" + properties.type() + "\" is not a Service type; supported: "
                    + String.join(", ", ExposeTrait.SERVICE_TYPES));
        }
    }

    private void checkRollout(RolloutTrait.Properties rollout, String path, Problems problems) {
        if (rollout.targetSize() < 1) {
            problems.add(path + ".targetSize", "must be at least 1, got " + rollout.targetSize());
        }
        List<RolloutTrait.Batch> batches = rollout.rolloutBatches();
        if (batches.isEmpty()) {
            problems.add(path + ".rolloutBatches", "must list at least one batch (leave it out for one batch of "
                    + "targetSize)");
            return;
        }
        boolean negative = false;
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).replicas() < 0) {
                negative = true;
                problems.add(FieldPath.element(path + ".rolloutBatches", i) + ".replicas",
                        "must not be negative, got " + batches.get(i).replicas());
            }
        }
        int total = batches.stream().mapToInt(RolloutTrait.Batch::replicas).sum();
        // Below 1, targetSize is already reported (or was missing): comparing the batches with it says nothing new.
        if (!negative && rollout.targetSize() >= 1 && total != rollout.targetSize()) {
            problems.add(path + ".rolloutBatches", "replicas add up to " + total + ", must equal targetSize "
                    + rollout.targetSize());
        }
        if (rollout.batchPartition() != null) {
            BatchPartitions.check(rollout.batchPartition(), rollout, path + ".batchPartition", "", problems);
        }
        if (rollout.progressDeadlineSeconds() < 1) {
            problems.add(path + ".progressDeadlineSeconds", "must be at least 1, got "
                    + rollout.progressDeadlineSeconds());
        }
    }

    private void checkCanaryTraffic(Component component, CanaryTrafficTrait canary, String path, Problems problems) {
        Ports.checkList(canary.properties().port(), path + ".properties.port", problems);
        if (component.rollout().isEmpty()) {
            problems.add(path, "canary-traffic routes between revisions, so component \"" + component.name()
                    + "\" needs a rollout trait too");
        }
        if (component.trait(IstioGatewayTrait.class).isPresent()) {
            problems.add(path, "canary-traffic and istio-gateway would both render VirtualService \""
                    + component.name() + "\"; put the gateway on a component of its own");
        }
    }

    /** The gateway's VirtualService routes to the host {@code <component>}: without a Service there is none. */
    private void checkGatewayHasService(Component component, String path, Problems problems) {
        if (component.trait(ExposeTrait.class).isEmpty() && component.canaryTraffic().isEmpty()) {
            problems.add(path, "istio-gateway routes to Service \"" + component.name() + "\", so component \""
                    + component.name() + "\" needs an expose trait too");
        }
    }

    private void checkGateway(IstioGatewayTrait.Properties gateway, String path, Problems problems) {
        if (gateway.hosts().isEmpty()) {
            problems.add(path + ".hosts", "must list at least one host, e.g. \"*\"");
        }
        for (int i = 0; i < gateway.hosts().size(); i++) {
            if (gateway.hosts().get(i).isBlank()) {
                problems.add(FieldPath.element(path + ".hosts", i), "must not be empty");
            }
        }
        if (gateway.gateway().isEmpty() || !Names.isLabelValue(gateway.gateway())) {
            problems.add(path + ".gateway", "\"" + gateway.gateway() + "\" is not a label value: it selects the "
                    + "gateway pods by their istio label, e.g. ingressgateway");
        }
        for (int i = 0; i < gateway.match().size(); i++) {
            UriMatch match = gateway.match().get(i);
            long given = Stream.of(match.exact(), match.prefix(), match.regex()).filter(Objects::nonNull).count();
            if (given != 1) {
                problems.add(FieldPath.element(path + ".match", i), "must set exactly one of exact, prefix or "
                        + "regex, not " + given);
            }
        }
        Ports.check(gateway.port(), path + ".port", problems);
    }
}
