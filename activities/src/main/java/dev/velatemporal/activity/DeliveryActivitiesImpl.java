package dev.velatemporal.activity;

import dev.velatemporal.kube.ApiErrors;
import dev.velatemporal.kube.Deployments;
import dev.velatemporal.kube.ObjectWriter;
import dev.velatemporal.kube.ReadinessWait;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.Metadata;
import dev.velatemporal.render.DeploymentRenderer;
import dev.velatemporal.render.GatewayRenderer;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.OamLabels;
import dev.velatemporal.render.ServiceRenderer;
import dev.velatemporal.render.VirtualServiceRenderer;
import dev.velatemporal.traffic.IstioResources;
import dev.velatemporal.traffic.IstioTrafficRouter;
import dev.velatemporal.traffic.TrafficRouter;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery activities against a Kubernetes cluster with Istio. Objects are rendered by the render package and
 * written by create (when missing) or patch (when present), never server-side apply; Deployments are the
 * {@code kube} package's, the traffic split is a {@link TrafficRouter}'s. API errors are classified by
 * {@link dev.velatemporal.kube.ApiErrors}: transient ones are thrown for Temporal to retry, the others fail for
 * good.
 *
 * <p>{@code AwaitReady} listens through one Deployment informer per namespace, started by the namespace's first
 * wait and kept until {@link #close()}: close it when the worker stops.
 *
 * <p>Every activity first checks its namespace against the worker's {@link NamespacePolicy}. Each change to the
 * cluster is logged at INFO, once, where it is made ({@code kube.Deployments}, {@code kube.ObjectWriter},
 * {@code traffic.IstioTrafficRouter}...), naming the object but never its contents.
 */
public final class DeliveryActivitiesImpl implements DeliveryActivities, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryActivitiesImpl.class);

    /** How often {@code AwaitReady} heartbeats while it waits. Its heartbeat timeout should be a few times this. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    /** Fields of a Service we own: its clusterIP and nodePorts are the cluster's. */
    private static final List<String> SERVICE_FIELDS = List.of("/spec/type", "/spec/selector", "/spec/ports");
    private static final List<String> SPEC = List.of("/spec");
    /** The order deletions go in: routes before what they route to, so a request never meets a missing subset. */
    private static final List<String> DELETE_ORDER = List.of(ObjectRef.VIRTUAL_SERVICE, ObjectRef.GATEWAY,
            ObjectRef.DESTINATION_RULE, ObjectRef.SERVICE, ObjectRef.DEPLOYMENT);

    private final KubernetesClient client;
    private final IstioApiVersion istioVersion;
    private final NamespacePolicy namespaces;
    private final ObjectWriter writer;
    private final Deployments deployments;
    private final ReadinessWait readiness;
    private final IstioResources istio;
    private final TrafficRouter traffic;
    private final DriftCheck drift;
    private final DeploymentRenderer deploymentRenderer = new DeploymentRenderer();
    private final ServiceRenderer serviceRenderer = new ServiceRenderer();
    private final GatewayRenderer gatewayRenderer = new GatewayRenderer();
    private final VirtualServiceRenderer virtualServiceRenderer = new VirtualServiceRenderer();

    public DeliveryActivitiesImpl(KubernetesClient client, IstioApiVersion istio) {
        this(client, istio, DEFAULT_HEARTBEAT_INTERVAL);
    }

    public DeliveryActivitiesImpl(KubernetesClient client, IstioApiVersion istio, Duration heartbeatInterval) {
        this(client, istio, heartbeatInterval, NamespacePolicy.any());
    }

    /** Activities that act only in the namespaces {@code namespaces} allows. */
    public DeliveryActivitiesImpl(KubernetesClient client, IstioApiVersion istio, Duration heartbeatInterval,
            NamespacePolicy namespaces) {
        this.client = client;
        this.istioVersion = istio;
        this.namespaces = namespaces;
        this.writer = new ObjectWriter(client);
        this.deployments = new Deployments(client);
        this.readiness = new ReadinessWait(client, heartbeatInterval);
        this.istio = new IstioResources(client, istio);
        this.traffic = new IstioTrafficRouter(client, istio, this.istio);
        this.drift = new DriftCheck(client, istio, this.istio);
    }

    @Override
    public void checkNamespace(String namespace) {
        namespaces.check(namespace);
    }

    @Override
    public List<ObjectRef> applyComponent(ApplyComponentRequest request) {
        checkNamespace(request.namespace());
        Component component = request.component();
        Application application = application(request.application(), request.namespace(), component);
        List<ObjectRef> created = new ArrayList<>();
        if (component.rollout().isEmpty()) {
            Deployment deployment = deploymentRenderer.render(application, component, null, component.properties(), 1);
            addIf(deployments.createOrUpdate(deployment), deployment, created);
        }
        Optional<Service> service = serviceRenderer.render(application, component);
        service.ifPresent(s -> addIf(writer.createOrPatch(s, SERVICE_FIELDS), s, created));
        if (component.canaryTraffic().isPresent()) {
            created.addAll(traffic.initialize(application, component, request.revision()));
        }
        component.trait(IstioGatewayTrait.class).ifPresent(trait -> {
            Gateway gateway = gatewayRenderer.render(application, component, trait, istioVersion);
            addIf(istio.gateways().createOrPatch(gateway, SPEC), gateway, created);
            VirtualService routes = virtualServiceRenderer.gateway(application, component, trait, istioVersion);
            addIf(istio.virtualServices().createOrPatch(routes, SPEC), routes, created);
        });
        return created;
    }

    @Override
    public boolean createRevision(CreateRevisionRequest request) {
        checkNamespace(request.namespace());
        Component component = new Component(request.component(), Component.WEBSERVICE, request.workload(), List.of());
        Application application = application(request.application(), request.namespace(), component);
        return deployments.createIfMissing(deploymentRenderer.render(
                application, component, request.revision(), request.workload(), request.replicas()));
    }

    @Override
    public int scale(ScaleRequest request) {
        checkNamespace(request.deployment().namespace());
        return deployments.scale(request.deployment(), request.replicas());
    }

    @Override
    public DeploymentReadiness awaitReady(AwaitReadyRequest request) {
        checkNamespace(request.deployment().namespace());
        var context = Activity.getExecutionContext();
        return readiness.await(request.deployment(), request.replicas(), context::heartbeat);
    }

    @Override
    public int deleteDeployment(DeploymentRef deployment) {
        checkNamespace(deployment.namespace());
        return deployments.delete(deployment);
    }

    @Override
    public TrafficState readTraffic(TrafficRef traffic) {
        checkNamespace(traffic.namespace());
        return this.traffic.read(traffic);
    }

    @Override
    public TrafficState setSubsets(SubsetsRequest request) {
        checkNamespace(request.traffic().namespace());
        return traffic.setSubsets(request.traffic(), request.revisions());
    }

    @Override
    public TrafficState setWeights(WeightsRequest request) {
        checkNamespace(request.traffic().namespace());
        return traffic.setWeights(request.traffic(), request.weights());
    }

    @Override
    public void deleteObjects(List<ObjectRef> objects) {
        objects.forEach(object -> checkNamespace(object.namespace()));
        List<ObjectRef> ordered = objects.stream()
                .sorted(Comparator.comparingInt(DeliveryActivitiesImpl::deleteRank))
                .toList();
        for (ObjectRef object : ordered) {
            switch (object.kind()) {
                case ObjectRef.DEPLOYMENT -> deployments.delete(new DeploymentRef(object.namespace(), object.name()));
                case ObjectRef.SERVICE -> deleteService(object);
                case ObjectRef.GATEWAY -> istio.gateways().delete(object.namespace(), object.name());
                case ObjectRef.VIRTUAL_SERVICE -> istio.virtualServices().delete(object.namespace(), object.name());
                case ObjectRef.DESTINATION_RULE -> istio.destinationRules().delete(object.namespace(), object.name());
                default -> throw unknownKind(object);
            }
        }
    }

    @Override
    public List<ObjectRef> collectGarbage(GarbageRequest request) {
        request.objects().forEach(object -> checkNamespace(object.namespace()));
        List<ObjectRef> deleted = new ArrayList<>();
        List<ObjectRef> ordered = request.objects().stream()
                .sorted(Comparator.comparingInt(DeliveryActivitiesImpl::deleteRank))
                .toList();
        for (ObjectRef object : ordered) {
            HasMetadata found = ApiErrors.call("read " + ObjectWriter.describe(object.kind(), object.namespace(),
                    object.name()), () -> read(object));
            if (found == null) {
                continue;
            }
            Map<String, String> labels = Optional.ofNullable(found.getMetadata().getLabels()).orElse(Map.of());
            if (!OamLabels.MANAGER.equals(labels.get(OamLabels.MANAGED_BY))
                    || !request.application().equals(labels.get(OamLabels.APP_NAME))) {
                LOG.warn("not deleting {}: it is not labelled as {}'s", ObjectWriter.describe(object.kind(),
                        object.namespace(), object.name()), request.application());
                continue;
            }
            deleteObjects(List.of(object));
            deleted.add(object);
        }
        return deleted;
    }

    private HasMetadata read(ObjectRef object) {
        return switch (object.kind()) {
            case ObjectRef.DEPLOYMENT -> client.apps().deployments().inNamespace(object.namespace())
                    .withName(object.name()).get();
            case ObjectRef.SERVICE -> client.services().inNamespace(object.namespace()).withName(object.name()).get();
            case ObjectRef.GATEWAY -> istio.gateways().get(object.namespace(), object.name());
            case ObjectRef.VIRTUAL_SERVICE -> istio.virtualServices().get(object.namespace(), object.name());
            case ObjectRef.DESTINATION_RULE -> istio.destinationRules().get(object.namespace(), object.name());
            default -> throw unknownKind(object);
        };
    }

    @Override
    public List<DeploymentReadiness> observeComponent(ComponentRef component) {
        checkNamespace(component.namespace());
        return deployments.observe(component.namespace(), component.application(), component.component());
    }

    @Override
    public List<Drift> detectDrift(DriftRequest kept) {
        checkNamespace(kept.namespace());
        return drift.detect(kept);
    }

    @Override
    public boolean repairDrift(RepairDriftRequest request) {
        checkNamespace(request.kept().namespace());
        return drift.repair(request);
    }

    /** Stops the Deployment informers; an {@code AwaitReady} still running fails with a retryable error. */
    @Override
    public void close() {
        readiness.close();
    }

    /** {@code AwaitReady} waits running right now: 0 whenever none is. */
    int readinessWaits() {
        return readiness.waiting();
    }

    /** Namespaces whose Deployment informer runs: each from its first {@code AwaitReady} until {@link #close()}. */
    int runningInformers() {
        return readiness.runningInformers();
    }

    /** The Application the renderers need: its name and namespace, and the one component being rendered. */
    static Application application(String name, String namespace, Component component) {
        return new Application(new Metadata(name, namespace), new ApplicationSpec(List.of(component), null));
    }

    private void deleteService(ObjectRef service) {
        String what = ObjectWriter.describe(service.kind(), service.namespace(), service.name());
        boolean existed = ApiErrors.call("delete " + what, () -> !client.services()
                .inNamespace(service.namespace()).withName(service.name()).delete().isEmpty());
        if (existed) {
            LOG.info("deleted {}", what);
        } else {
            LOG.debug("{} already gone", what);
        }
    }

    private static void addIf(boolean created, HasMetadata object, List<ObjectRef> refs) {
        if (created) {
            refs.add(new ObjectRef(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName()));
        }
    }

    private static int deleteRank(ObjectRef object) {
        int rank = DELETE_ORDER.indexOf(object.kind());
        if (rank < 0) {
            throw unknownKind(object);
        }
        return rank;
    }

    private static ApplicationFailure unknownKind(ObjectRef object) {
        return ApplicationFailure.newNonRetryableFailure("delete " + object.kind() + " " + object.namespace() + "/"
                + object.name() + ": unknown kind; known kinds: " + String.join(", ", DELETE_ORDER), "BadRequest");
    }
}
