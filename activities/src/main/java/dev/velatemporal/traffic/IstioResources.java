package dev.velatemporal.traffic;

import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.render.IstioApiVersion;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The Istio kinds we write, each at the API version chosen when the worker starts. */
public final class IstioResources {

    private final IstioKind<VirtualService> virtualServices;
    private final IstioKind<DestinationRule> destinationRules;
    private final IstioKind<Gateway> gateways;

    public IstioResources(KubernetesClient client, IstioApiVersion version) {
        this.virtualServices = new IstioKind<>(client, ObjectRef.VIRTUAL_SERVICE, VirtualService.class,
                switch (version) {
                    case V1 -> VirtualService.class;
                    case V1BETA1 -> io.fabric8.istio.api.networking.v1beta1.VirtualService.class;
                    case V1ALPHA3 -> io.fabric8.istio.api.networking.v1alpha3.VirtualService.class;
                });
        this.destinationRules = new IstioKind<>(client, ObjectRef.DESTINATION_RULE, DestinationRule.class,
                switch (version) {
                    case V1 -> DestinationRule.class;
                    case V1BETA1 -> io.fabric8.istio.api.networking.v1beta1.DestinationRule.class;
                    case V1ALPHA3 -> io.fabric8.istio.api.networking.v1alpha3.DestinationRule.class;
                });
        this.gateways = new IstioKind<>(client, ObjectRef.GATEWAY, Gateway.class,
                switch (version) {
                    case V1 -> Gateway.class;
                    case V1BETA1 -> io.fabric8.istio.api.networking.v1beta1.Gateway.class;
                    case V1ALPHA3 -> io.fabric8.istio.api.networking.v1alpha3.Gateway.class;
                });
    }

    public IstioKind<VirtualService> virtualServices() {
        return virtualServices;
    }

    public IstioKind<DestinationRule> destinationRules() {
        return destinationRules;
    }

    public IstioKind<Gateway> gateways() {
        return gateways;
    }
}
