package dev.velatemporal.traffic;

import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.activity.TrafficRef;
import dev.velatemporal.activity.TrafficState;
import dev.velatemporal.kube.ApiErrors;
import dev.velatemporal.kube.ObjectWriter;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.Metadata;
import dev.velatemporal.render.DestinationRuleRenderer;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.OamLabels;
import dev.velatemporal.render.RouteWeight;
import dev.velatemporal.render.VirtualServiceRenderer;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Istio's traffic split: the DestinationRule {@code <component>} has one subset per revision (selected by the pod
 * label {@code app.oam.dev/revision}), and the first HTTP route of the VirtualService {@code <component>} weights
 * those subsets. Objects are rendered by the render package, so what the router writes is what {@code dry-run}
 * shows. Writes replace {@code spec.subsets} and {@code spec.http} whole, and are skipped when the cluster already
 * has exactly the rendered value. Each write is logged at INFO with the subsets or weights it set; a skipped one at
 * DEBUG.
 */
public final class IstioTrafficRouter implements TrafficRouter {

    private static final Logger LOG = LoggerFactory.getLogger(IstioTrafficRouter.class);

    private static final List<String> SUBSETS = List.of("/spec/subsets");
    private static final List<String> ROUTES = List.of("/spec/http");

    private final KubernetesClient client;
    private final IstioApiVersion version;
    private final IstioKind<DestinationRule> destinationRules;
    private final IstioKind<VirtualService> virtualServices;
    private final DestinationRuleRenderer destinationRuleRenderer = new DestinationRuleRenderer();
    private final VirtualServiceRenderer virtualServiceRenderer = new VirtualServiceRenderer();

    public IstioTrafficRouter(KubernetesClient client, IstioApiVersion version) {
        this(client, version, new IstioResources(client, version));
    }

    public IstioTrafficRouter(KubernetesClient client, IstioApiVersion version, IstioResources istio) {
        this.client = client;
        this.version = version;
        this.destinationRules = istio.destinationRules();
        this.virtualServices = istio.virtualServices();
    }

    @Override
    public List<ObjectRef> initialize(Application application, Component component, String revision) {
        List<ObjectRef> created = new ArrayList<>();
        DestinationRule rule = destinationRuleRenderer.render(application, component,
                revision == null ? List.of() : List.of(revision), version);
        if (destinationRules.createIfMissing(rule)) {
            created.add(ref(rule));
            LOG.info("created {} with subsets {}", ObjectWriter.describe(rule), subsetNames(rule));
        } else {
            LOG.debug("{} exists: left as it is", ObjectWriter.describe(rule));
        }
        VirtualService service = virtualServiceRenderer.canary(application, component, List.of(), version);
        if (virtualServices.createIfMissing(service)) {
            created.add(ref(service));
            LOG.info("created {} with weights {}", ObjectWriter.describe(service), describe(List.of()));
        } else {
            LOG.debug("{} exists: left as it is", ObjectWriter.describe(service));
        }
        return created;
    }

    @Override
    public TrafficState read(TrafficRef traffic) {
        DestinationRule rule = destinationRules.get(traffic.namespace(), traffic.component());
        VirtualService service = virtualServices.get(traffic.namespace(), traffic.component());
        return state(rule, service);
    }

    @Override
    public TrafficState setSubsets(TrafficRef traffic, List<String> revisions) {
        DestinationRule current = destinationRules.get(traffic.namespace(), traffic.component());
        VirtualService service = virtualServices.get(traffic.namespace(), traffic.component());
        TrafficState before = state(current, service);
        DestinationRule desired = destinationRuleRenderer.render(
                application(traffic, current, service), component(traffic), revisions, version);
        if (current == null) {
            destinationRules.createIfMissing(desired);
        } else if (!Objects.equals(subsetsOf(current), desired.getSpec().getSubsets())) {
            destinationRules.patch(desired, SUBSETS);
        } else {
            LOG.debug("{} already has subsets {}", ObjectWriter.describe(desired), revisions);
            return before;
        }
        LOG.info("set {} subsets {}", ObjectWriter.describe(desired), revisions);
        return before;
    }

    @Override
    public TrafficState setWeights(TrafficRef traffic, List<RouteWeight> weights) {
        DestinationRule rule = destinationRules.get(traffic.namespace(), traffic.component());
        VirtualService current = virtualServices.get(traffic.namespace(), traffic.component());
        TrafficState before = state(rule, current);
        VirtualService desired = virtualServiceRenderer.canary(
                application(traffic, rule, current), component(traffic), weights, version);
        if (current == null) {
            virtualServices.createIfMissing(desired);
        } else if (current.getSpec() == null || !Objects.equals(current.getSpec().getHttp(), desired.getSpec().getHttp())) {
            virtualServices.patch(desired, ROUTES);
        } else {
            LOG.debug("{} already has weights {}", ObjectWriter.describe(desired), describe(weights));
            return before;
        }
        LOG.info("set {} weights {}", ObjectWriter.describe(desired), describe(weights));
        return before;
    }

    /** {@code reviews-v1 90, reviews-v2 10}; none routes to the host as a whole. */
    private static String describe(List<RouteWeight> weights) {
        return weights.isEmpty() ? "none (all traffic to the host)"
                : weights.stream().map(w -> w.revision() + " " + w.weight()).collect(Collectors.joining(", "));
    }

    private static TrafficState state(DestinationRule rule, VirtualService service) {
        return new TrafficState(rule != null, subsetNames(rule), service != null, weights(service));
    }

    private static List<Subset> subsetsOf(DestinationRule rule) {
        return rule.getSpec() == null || rule.getSpec().getSubsets() == null ? List.of() : rule.getSpec().getSubsets();
    }

    private static List<String> subsetNames(DestinationRule rule) {
        return rule == null ? List.of() : subsetsOf(rule).stream().map(Subset::getName).toList();
    }

    /**
     * The weights of the first HTTP route. A destination without a subset routes to the host as a whole: no
     * weights. An absent weight is Istio's default: 100 for a single destination, else 0.
     */
    public static List<RouteWeight> weights(VirtualService service) {
        if (service == null || service.getSpec() == null || service.getSpec().getHttp() == null
                || service.getSpec().getHttp().isEmpty()) {
            return List.of();
        }
        HTTPRoute http = service.getSpec().getHttp().get(0);
        List<HTTPRouteDestination> routes = http.getRoute() == null ? List.of() : http.getRoute();
        boolean toSubsets = !routes.isEmpty() && routes.stream().allMatch(r -> r.getDestination() != null
                && r.getDestination().getSubset() != null && !r.getDestination().getSubset().isEmpty());
        if (!toSubsets) {
            return List.of();
        }
        return routes.stream()
                .map(r -> new RouteWeight(r.getDestination().getSubset(),
                        r.getWeight() != null ? r.getWeight() : routes.size() == 1 ? 100 : 0))
                .toList();
    }

    /**
     * The Application an object we (re)create belongs to. A {@link TrafficRef} does not name it, so it is read
     * from the labels of the component's other objects: its DestinationRule, VirtualService or Service.
     */
    private Application application(TrafficRef traffic, HasMetadata... siblings) {
        String name = null;
        for (HasMetadata sibling : siblings) {
            name = name != null ? name : applicationLabel(sibling);
        }
        if (name == null) {
            Service service = ApiErrors.call("get Service " + traffic.namespace() + "/" + traffic.component(),
                    () -> client.services().inNamespace(traffic.namespace()).withName(traffic.component()).get());
            name = applicationLabel(service);
        }
        // An empty label value is valid; it only happens when the component has no object left at all.
        return new Application(new Metadata(name == null ? "" : name, traffic.namespace()),
                new ApplicationSpec(List.of(component(traffic)), null));
    }

    private static String applicationLabel(HasMetadata object) {
        if (object == null || object.getMetadata() == null) {
            return null;
        }
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(OamLabels.APP_NAME);
    }

    /** The component as the renderers of its traffic objects need it: only its name matters to them. */
    private static Component component(TrafficRef traffic) {
        return new Component(traffic.component(), Component.WEBSERVICE, null, List.of());
    }

    private static ObjectRef ref(HasMetadata object) {
        return new ObjectRef(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }
}
