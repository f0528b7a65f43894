package dev.velatemporal.render;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.SubsetBuilder;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import java.util.List;
import java.util.Map;

/** The DestinationRule {@code <component>} of {@code canary-traffic}: one subset per live revision. */
public final class DestinationRuleRenderer {

    public DestinationRule render(Application application, Component component, List<String> revisions,
            IstioApiVersion version) {
        return new DestinationRuleBuilder()
                .withApiVersion(version.apiVersion())
                .withMetadata(ObjectMetas.ofComponent(application, component))
                .withNewSpec()
                    .withHost(component.name())
                    .withSubsets(revisions.stream().map(DestinationRuleRenderer::subset).toList())
                .endSpec()
                .build();
    }

    /** A subset named after its revision, selecting that revision's pods. */
    public static Subset subset(String revision) {
        return new SubsetBuilder().withName(revision).withLabels(Map.of(OamLabels.REVISION, revision)).build();
    }
}
