package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;

/** A component of type {@code webservice} and its traits. */
public record Component(String name, String type, WebserviceProperties properties, List<Trait> traits) {

    public static final String WEBSERVICE = "webservice";

    public Component {
        traits = List.copyOf(traits);
    }

    public <T extends Trait> Optional<T> trait(Class<T> type) {
        return traits.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public Optional<RolloutTrait> rollout() {
        return trait(RolloutTrait.class);
    }

    public Optional<CanaryTrafficTrait> canaryTraffic() {
        return trait(CanaryTrafficTrait.class);
    }

    /** A component a {@code canary-rollout} can act on: its revisions are deployed side by side and weighted. */
    @JsonIgnore
    public boolean isCanary() {
        return rollout().isPresent() && canaryTraffic().isPresent();
    }
}
