package dev.velatemporal.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A trait on a component: {@code {type, properties}} as in OAM, one record per supported type. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ExposeTrait.class, name = ExposeTrait.TYPE),
    @JsonSubTypes.Type(value = RolloutTrait.class, name = RolloutTrait.TYPE),
    @JsonSubTypes.Type(value = CanaryTrafficTrait.class, name = CanaryTrafficTrait.TYPE),
    @JsonSubTypes.Type(value = IstioGatewayTrait.class, name = IstioGatewayTrait.TYPE)
})
public sealed interface Trait permits ExposeTrait, RolloutTrait, CanaryTrafficTrait, IstioGatewayTrait {

    /** The trait types vela-temporal supports, in the order error messages list them. */
    List<String> TYPES = List.of(ExposeTrait.TYPE, RolloutTrait.TYPE, CanaryTrafficTrait.TYPE, IstioGatewayTrait.TYPE);

    @JsonProperty("type")
    String type();
}
