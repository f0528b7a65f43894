package dev.velatemporal.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.activity.DriftRequest.Kept;
import dev.velatemporal.kube.ObjectWriter;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.render.DeploymentRenderer;
import dev.velatemporal.render.DestinationRuleRenderer;
import dev.velatemporal.render.GatewayRenderer;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.RouteWeight;
import dev.velatemporal.render.ServiceRenderer;
import dev.velatemporal.render.VirtualServiceRenderer;
import dev.velatemporal.traffic.IstioKind;
import dev.velatemporal.traffic.IstioResources;
import dev.velatemporal.traffic.IstioTrafficRouter;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift repair: the objects the last successful generation left, rendered again, compared with the cluster, and
 * put back where they differ. Only the fields a generation writes are compared (a Deployment's replicas and pod
 * template, a Service's type, selector and ports, an Istio object's spec), and a field the API server added (a
 * default, a clusterIP) is not a difference: what we rendered must be there, nothing more. Other objects of the
 * Application (an unfinished canary's Deployments, objects someone added) are left alone.
 */
final class DriftCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DriftCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String REPLICAS = "/spec/replicas";
    private static final String TEMPLATE = "/spec/template";
    private static final List<String> DEPLOYMENT_FIELDS = List.of(REPLICAS, TEMPLATE);
    private static final List<String> SERVICE_FIELDS = List.of("/spec/type", "/spec/selector", "/spec/ports");
    private static final List<String> SPEC = List.of("/spec");

    /** How a difference is told: by what the field means to a rollout. */
    private enum Role { DEPLOYMENT, SUBSETS, ROUTES, OTHER }

    /**
     * One object as it was left: {@code object} is what a repair writes; {@code equivalents} are other forms that
     * are not drift (a canary VirtualService routing to the host as a whole routes all to the one stable revision).
     */
    private record Wanted(ObjectRef ref, HasMetadata object, List<String> paths, Role role,
            List<HasMetadata> equivalents) {}

    private final KubernetesClient client;
    private final IstioApiVersion version;
    private final IstioResources istio;
    private final ObjectWriter writer;
    private final DeploymentRenderer deploymentRenderer = new DeploymentRenderer();
    private final ServiceRenderer serviceRenderer = new ServiceRenderer();
    private final GatewayRenderer gatewayRenderer = new GatewayRenderer();
    private final VirtualServiceRenderer virtualServiceRenderer = new VirtualServiceRenderer();
    private final DestinationRuleRenderer destinationRuleRenderer = new DestinationRuleRenderer();

    DriftCheck(KubernetesClient client, IstioApiVersion version, IstioResources istio) {
        this.client = client;
        this.version = version;
        this.istio = istio;
        this.writer = new ObjectWriter(client);
    }

    /** The objects that differ, each with what differs and what its repair does; reads only. */
    List<Drift> detect(DriftRequest kept) {
        List<Drift> drifts = new ArrayList<>();
        for (Wanted wanted : render(kept).values()) {
            HasMetadata current = get(wanted);
            if (current == null) {
                drifts.add(new Drift(wanted.ref(), "drift: " + what(wanted.ref()) + " was deleted; recreated"));
            } else if (!matches(wanted, current)) {
                drifts.add(new Drift(wanted.ref(), "drift: " + what(wanted.ref()) + " " + difference(wanted, current)));
            }
        }
        return drifts;
    }

    /** Puts one object back as it was left; true when it wrote (false: it already was, or was put back). */
    boolean repair(RepairDriftRequest request) {
        Wanted wanted = render(request.kept()).get(request.object());
        if (wanted == null) {
            throw ApplicationFailure.newNonRetryableFailure("repair " + what(request.object()) + ": not an object the"
                    + " last successful generation of " + request.kept().application() + " left", "BadRequest");
        }
        HasMetadata current = get(wanted);
        if (current == null) {
            create(wanted);
            LOG.info("drift: recreated {}", what(wanted.ref()));
            return true;
        }
        if (matches(wanted, current)) {
            LOG.debug("{} is as it was left: nothing to repair", what(wanted.ref()));
            return false;
        }
        patch(wanted);
        LOG.info("drift: restored {}", what(wanted.ref()));
        return true;
    }

    // --- what was left -------------------------------------------------------------------------------------

    /** By object, in the order a repair should go: workloads, Services, subsets, then routes to them. */
    private Map<ObjectRef, Wanted> render(DriftRequest kept) {
        Map<ObjectRef, Wanted> all = new LinkedHashMap<>();
        for (Kept entry : kept.components()) {
            Component component = entry.component();
            Application application = DeliveryActivitiesImpl.application(kept.application(), kept.namespace(),
                    component);
            if (component.rollout().isEmpty()) {
                put(all, deploymentRenderer.render(application, component, null, component.properties(), 1),
                        DEPLOYMENT_FIELDS, Role.DEPLOYMENT);
            } else if (entry.stable() != null) {
                DriftRequest.StableRevision stable = entry.stable();
                put(all, deploymentRenderer.render(application, component, stable.name(), stable.workload(),
                        stable.replicas()), DEPLOYMENT_FIELDS, Role.DEPLOYMENT);
            }
            serviceRenderer.render(application, component).ifPresent(s -> put(all, s, SERVICE_FIELDS, Role.OTHER));
            if (component.canaryTraffic().isPresent() && component.rollout().isPresent() && entry.stable() != null) {
                String stable = entry.stable().name();
                put(all, destinationRuleRenderer.render(application, component, List.of(stable), version), SPEC,
                        Role.SUBSETS);
                put(all, virtualServiceRenderer.canary(application, component,
                        List.of(new RouteWeight(stable, 100)), version), SPEC, Role.ROUTES,
                        virtualServiceRenderer.canary(application, component, List.of(), version));
            }
            component.trait(IstioGatewayTrait.class).ifPresent(trait -> {
                put(all, gatewayRenderer.render(application, component, trait, version), SPEC, Role.OTHER);
                // Named as the canary VirtualService: applyComponent writes this one last, so it is what stays.
                put(all, virtualServiceRenderer.gateway(application, component, trait, version), SPEC, Role.OTHER);
            });
        }
        return all;
    }

    private static void put(Map<ObjectRef, Wanted> all, HasMetadata object, List<String> paths, Role role,
            HasMetadata... equivalents) {
        ObjectRef ref = new ObjectRef(object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName());
        all.remove(ref); // a later one of the same name replaces it, and goes where it would be written
        all.put(ref, new Wanted(ref, object, paths, role, List.of(equivalents)));
    }

    // --- the cluster -------------------------------------------------------------------------------------

    private HasMetadata get(Wanted wanted) {
        ObjectRef ref = wanted.ref();
        return switch (ref.kind()) {
            case ObjectRef.DEPLOYMENT, ObjectRef.SERVICE -> writer.get(wanted.object());
            default -> istioKind(ref).get(ref.namespace(), ref.name());
        };
    }

    private void create(Wanted wanted) {
        switch (wanted.ref().kind()) {
            case ObjectRef.DEPLOYMENT, ObjectRef.SERVICE -> writer.createIfMissing(wanted.object());
            case ObjectRef.VIRTUAL_SERVICE -> istio.virtualServices().createIfMissing((VirtualService) wanted.object());
            case ObjectRef.DESTINATION_RULE ->
                    istio.destinationRules().createIfMissing((DestinationRule) wanted.object());
            case ObjectRef.GATEWAY -> istio.gateways().createIfMissing((Gateway) wanted.object());
            default -> throw new IllegalStateException("unknown kind " + wanted.ref().kind());
        }
    }

    private void patch(Wanted wanted) {
        switch (wanted.ref().kind()) {
            case ObjectRef.DEPLOYMENT, ObjectRef.SERVICE -> writer.patch(wanted.object(), wanted.paths());
            case ObjectRef.VIRTUAL_SERVICE -> istio.virtualServices().patch((VirtualService) wanted.object(),
                    wanted.paths());
            case ObjectRef.DESTINATION_RULE -> istio.destinationRules().patch((DestinationRule) wanted.object(),
                    wanted.paths());
            case ObjectRef.GATEWAY -> istio.gateways().patch((Gateway) wanted.object(), wanted.paths());
            default -> throw new IllegalStateException("unknown kind " + wanted.ref().kind());
        }
    }

    private IstioKind<? extends HasMetadata> istioKind(ObjectRef ref) {
        return switch (ref.kind()) {
            case ObjectRef.VIRTUAL_SERVICE -> istio.virtualServices();
            case ObjectRef.DESTINATION_RULE -> istio.destinationRules();
            case ObjectRef.GATEWAY -> istio.gateways();
            default -> throw new IllegalStateException("unknown kind " + ref.kind());
        };
    }

    // --- comparing ---------------------------------------------------------------------------------------

    private boolean matches(Wanted wanted, HasMetadata current) {
        // The traffic split is all ours: nothing but us adds to it, so anything more there is drift too.
        boolean exact = wanted.role() == Role.SUBSETS || wanted.role() == Role.ROUTES;
        if (sameAt(wanted.object(), current, wanted.paths(), exact)) {
            return true;
        }
        return wanted.equivalents().stream().anyMatch(e -> sameAt(e, current, wanted.paths(), exact));
    }

    private boolean sameAt(HasMetadata desired, HasMetadata current, List<String> paths, boolean exact) {
        JsonNode want = json(desired);
        JsonNode have = json(current);
        return paths.stream().allMatch(path -> covers(want.at(path), have.at(path))
                && (!exact || covers(have.at(path), want.at(path))));
    }

    /**
     * Whether {@code have} holds everything {@code want} does: the same scalars, lists of the same length whose
     * elements cover each other, and every field of an object (fields only {@code have} has are defaults the API
     * server added). An absent value is covered by anything; an empty list by an absent or empty one.
     */
    static boolean covers(JsonNode want, JsonNode have) {
        if (want == null || want.isMissingNode() || want.isNull()) {
            return true;
        }
        if (want.isArray() && want.isEmpty()) {
            return have == null || have.isMissingNode() || have.isNull() || have.isArray() && have.isEmpty();
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return want.isEmpty() && (have.isMissingNode() || have.isNull());
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = want.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!covers(field.getValue(), have.path(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!covers(want.get(i), have.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }

    private JsonNode json(HasMetadata object) {
        try {
            return JSON.readTree(client.getKubernetesSerialization().asJson(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + ObjectWriter.describe(object), e);
        }
    }

    // --- telling what drifted ----------------------------------------------------------------------------

    /** What differs and what the repair does, after the object's name. */
    private String difference(Wanted wanted, HasMetadata current) {
        return switch (wanted.role()) {
            case DEPLOYMENT -> deploymentDifference((Deployment) wanted.object(), current);
            case SUBSETS -> subsetsDifference((DestinationRule) wanted.object(), (DestinationRule) current);
            case ROUTES -> routesDifference((VirtualService) wanted.object(), (VirtualService) current);
            case OTHER -> "had " + changedFields(wanted, current) + " edited; restored";
        };
    }

    private String deploymentDifference(Deployment wanted, HasMetadata current) {
        JsonNode want = json(wanted);
        JsonNode have = json(current);
        boolean replicas = !covers(want.at(REPLICAS), have.at(REPLICAS));
        boolean template = !covers(want.at(TEMPLATE), have.at(TEMPLATE));
        int had = have.at(REPLICAS).isNumber() ? have.at(REPLICAS).asInt() : 1;
        int goal = wanted.getSpec().getReplicas();
        if (replicas && !template) {
            return "had " + replicas(had) + ", scaled back to " + goal;
        }
        if (!replicas) {
            return "had its pod template edited; restored";
        }
        return "had " + replicas(had) + " and an edited pod template; restored, at " + replicas(goal);
    }

    private String subsetsDifference(DestinationRule wanted, DestinationRule current) {
        List<String> want = subsets(wanted);
        List<String> have = subsets(current);
        if (want.equals(have)) {
            return "had its spec edited; restored";
        }
        return "had " + (have.isEmpty() ? "no subsets" : "subsets " + String.join(", ", have)) + "; set back to "
                + String.join(", ", want);
    }

    private String routesDifference(VirtualService wanted, VirtualService current) {
        List<RouteWeight> want = IstioTrafficRouter.weights(wanted);
        List<RouteWeight> have = IstioTrafficRouter.weights(current);
        if (want.equals(have) || have.isEmpty() && routesToHost(current)) {
            return "had its routes edited; restored";
        }
        return "routed " + split(have) + "; set back to " + split(want);
    }

    /** A first route with one destination and no subset: all traffic to the host, an equivalent of 100%. */
    private static boolean routesToHost(VirtualService service) {
        return service.getSpec() != null && service.getSpec().getHttp() != null
                && !service.getSpec().getHttp().isEmpty() && service.getSpec().getHttp().get(0).getRoute() != null
                && service.getSpec().getHttp().get(0).getRoute().size() == 1;
    }

    private String changedFields(Wanted wanted, HasMetadata current) {
        JsonNode want = json(wanted.object());
        JsonNode have = json(current);
        return wanted.paths().stream()
                .filter(path -> !covers(want.at(path), have.at(path)))
                .map(path -> path.substring(1).replace('/', '.'))
                .collect(Collectors.joining(", "));
    }

    private static List<String> subsets(DestinationRule rule) {
        if (rule.getSpec() == null || rule.getSpec().getSubsets() == null) {
            return List.of();
        }
        return rule.getSpec().getSubsets().stream().map(Subset::getName).toList();
    }

    /** {@code reviews-v1 50% / reviews-v2 50%}; no weights: the host as a whole. */
    private static String split(List<RouteWeight> weights) {
        if (weights.isEmpty()) {
            return "no revision by weight";
        }
        return weights.stream().map(w -> w.revision() + " " + w.weight() + "%").collect(Collectors.joining(" / "));
    }

    private static String replicas(int count) {
        return count + (count == 1 ? " replica" : " replicas");
    }

    private static String what(ObjectRef ref) {
        return ObjectWriter.describe(ref.kind(), ref.namespace(), ref.name());
    }
}
