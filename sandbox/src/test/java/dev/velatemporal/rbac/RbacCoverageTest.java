package dev.velatemporal.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.activity.ApplyComponentRequest;
import dev.velatemporal.activity.AwaitReadyRequest;
import dev.velatemporal.activity.ComponentRef;
import dev.velatemporal.activity.CreateRevisionRequest;
import dev.velatemporal.activity.DeliveryActivities;
import dev.velatemporal.activity.DeliveryActivitiesImpl;
import dev.velatemporal.activity.DeploymentRef;
import dev.velatemporal.activity.Drift;
import dev.velatemporal.activity.DriftRequest;
import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.activity.RepairDriftRequest;
import dev.velatemporal.activity.ScaleRequest;
import dev.velatemporal.activity.SubsetsRequest;
import dev.velatemporal.activity.TrafficRef;
import dev.velatemporal.activity.WeightsRequest;
import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.rbac.ApiAccessRecorder.Access;
import dev.velatemporal.rbac.ApiAccessRecorder.Grant;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.RouteWeight;
import dev.velatemporal.sandbox.SimulatedKubelet;
import dev.velatemporal.testsupport.TestFiles;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's RBAC roles (each Role of {@code deploy/kubernetes/rbac.yaml}, and the ClusterRole of the opt-in
 * {@code deploy/kubernetes-cluster-wide}) are exactly what the activities use: every activity runs, as Temporal
 * runs it, against fabric8's mock API server through a client that records each request as the API server's
 * authorizer sees it (verb, API group, resource). Every recorded request must be granted, and every
 * grant must have been used. When an activity starts using a new verb or resource, this fails until the role
 * says so; when it stops, it fails until the role drops the grant.
 *
 * <p>The story is the bookinfo one: first deploy, a second generation that patches what exists, a canary of
 * reviews-v2 (create, scale, wait, subsets, weights, observe), promotion (delete reviews-v1) and the Application's
 * deletion. The simulated kubelet writes Deployment status through a client of its own, so its writes (a real
 * cluster's controllers) are not counted.
 */
@Timeout(60)
class RbacCoverageTest {

    private static final String NS = "default";
    private static final String APP = "book-info";
    private static final TrafficRef REVIEWS = new TrafficRef(NS, "reviews");
    private static final DeploymentRef REVIEWS_V1 = new DeploymentRef(NS, "reviews-v1");
    private static final DeploymentRef REVIEWS_V2 = new DeploymentRef(NS, "reviews-v2");

    private final MockCluster cluster = MockCluster.start();
    private final ApiAccessRecorder recorder = new ApiAccessRecorder();
    private final KubernetesClient recordedClient = new KubernetesClientBuilder()
            .withConfig(cluster.client.getConfiguration())
            .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("rbac-recorder", recorder))
            .build();
    private final DeliveryActivitiesImpl impl =
            new DeliveryActivitiesImpl(recordedClient, IstioApiVersion.V1, Duration.ofMillis(100));
    private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
    private final Set<String> activitiesRun = new TreeSet<>();
    private final DeliveryActivities activities;
    private final SimulatedKubelet kubelet;

    RbacCoverageTest() {
        temporal.registerActivitiesImplementations(impl);
        DeliveryActivities stub = temporal.newActivityStub(DeliveryActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setHeartbeatTimeout(Duration.ofSeconds(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
        activities = recordingCalls(stub);
        // Long enough that readiness waits end on the informer's event (see AwaitReadyActivityTest).
        kubelet = new SimulatedKubelet(cluster.client, Duration.ofMillis(500)).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        kubelet.close();
        Thread.sleep(200); // let the last watch events arrive before the informers close (the mock's close deadlock)
        temporal.close();
        impl.close();
        recordedClient.close();
        cluster.close();
    }

    @Test
    void theRoleGrantsExactlyWhatTheActivitiesUse() {
        runTheBookinfoStory();

        Set<Grant> used = recorder.grants();

        assertThat(activitiesRun).as("activities the story ran").isEqualTo(allActivities());
        assertThat(recorder.nonResourceRequests()).as("non-resource requests (discovery, /version)").isEmpty();
        Map<String, Map<String, Object>> roles = roles();
        assertThat(roles).as("roles in %s and %s", DeployFiles.RBAC, DeployFiles.CLUSTER_ROLE).isNotEmpty();
        roles.forEach((where, role) -> {
            Set<Grant> granted = DeployFiles.granted(role);
            assertThat(minus(used, granted))
                    .as("requests the %s does not grant; the requests were:%n%s", where, requests())
                    .isEmpty();
            assertThat(minus(granted, used))
                    .as("grants of the %s that no activity used (least privilege: remove them)", where)
                    .isEmpty();
        });
        // What the namespace-scoped default rests on: a Role in each application namespace is enough.
        assertThat(recorder.accesses()).as("requests")
                .allSatisfy(a -> assertThat(a.namespaced()).as("%s is namespaced", a.request()).isTrue());
    }

    /** Every role the deployment files give the worker: a Role per allowed namespace, the opt-in ClusterRole. */
    private static Map<String, Map<String, Object>> roles() {
        Map<String, Map<String, Object>> roles = new TreeMap<>();
        for (Map<String, Object> role : DeployFiles.allOfKind(DeployFiles.documents(DeployFiles.RBAC), "Role")) {
            roles.put("Role in namespace " + DeployFiles.namespace(role) + " (" + DeployFiles.RBAC + ")", role);
        }
        roles.put("ClusterRole of " + DeployFiles.CLUSTER_ROLE, DeployFiles.ofKind(
                DeployFiles.documents(DeployFiles.CLUSTER_ROLE), "ClusterRole"));
        return roles;
    }

    /** What the worker's workflow does to bookinfo over its life, one activity call at a time. */
    private void runTheBookinfoStory() {
        Application bookinfo = TestFiles.upstream("first-deploy.yaml");
        Component reviews = bookinfo.component("reviews").orElseThrow();
        List<ObjectRef> created = new ArrayList<>();

        // Generation 1: the namespace checked (no request at all), every component applied (creates), reviews-v1
        // created and waited for.
        activities.checkNamespace(NS);
        for (Component component : bookinfo.components()) {
            created.addAll(activities.applyComponent(apply(component)));
        }
        activities.createRevision(revision("reviews-v1", reviews.properties(), 1));
        activities.awaitReady(new AwaitReadyRequest(REVIEWS_V1, 1));

        // Someone edits productpage's Service and Gateway by hand (through an unrecorded client): the next apply
        // has to patch them back, as it patches only what differs from the spec.
        cluster.client.services().inNamespace(NS).withName("productpage").edit(service -> {
            service.getSpec().getPorts().get(0).setPort(9999);
            return service;
        });
        cluster.client.resources(Gateway.class).inNamespace(NS).withName("productpage").edit(gateway -> {
            gateway.getSpec().getServers().get(0).setHosts(List.of("edited.example.com"));
            return gateway;
        });

        // Generation 2: the same components again, productpage with a new image: patches of what exists.
        List<Component> generation2 = new ArrayList<>();
        for (Component component : bookinfo.components()) {
            Component next = !component.name().equals("productpage") ? component : new Component(component.name(),
                    component.type(), WebserviceProperties.ofImage("docker.io/istio/examples-bookinfo-productpage-v1:1.17.0"),
                    component.traits());
            activities.applyComponent(apply(next));
            generation2.add(next);
        }

        // Canary of reviews-v2: create (twice: the retry finds it), scale up, wait, shift traffic, observe.
        WebserviceProperties v2 = WebserviceProperties.ofImage("docker.io/istio/examples-bookinfo-reviews-v3:1.16.2");
        activities.createRevision(revision("reviews-v2", v2, 0));
        activities.createRevision(revision("reviews-v2", v2, 0));
        activities.scale(new ScaleRequest(REVIEWS_V2, 1));
        activities.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 1));
        activities.setSubsets(new SubsetsRequest(REVIEWS, List.of("reviews-v1", "reviews-v2")));
        activities.setWeights(new WeightsRequest(REVIEWS,
                List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10))));
        activities.readTraffic(REVIEWS);
        activities.observeComponent(new ComponentRef(APP, NS, "reviews"));

        // Promotion: all traffic to reviews-v2, reviews-v1 scaled down and deleted.
        activities.setWeights(new WeightsRequest(REVIEWS, List.of(new RouteWeight("reviews-v2", 100))));
        activities.setSubsets(new SubsetsRequest(REVIEWS, List.of("reviews-v2")));
        activities.scale(new ScaleRequest(REVIEWS_V1, 0));
        activities.deleteDeployment(REVIEWS_V1);

        // Between generations someone deletes the ratings Service and scales reviews-v2 by hand (an unrecorded
        // client): drift repair reads what the Application owns and puts back what differs.
        cluster.client.services().inNamespace(NS).withName("ratings").delete();
        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v2").edit(deployment -> {
            deployment.getSpec().setReplicas(3);
            return deployment;
        });
        List<DriftRequest.Kept> kept = new ArrayList<>();
        for (Component component : generation2) {
            kept.add(new DriftRequest.Kept(component, component.rollout().isEmpty() ? null
                    : new DriftRequest.StableRevision("reviews-v2", v2, 1)));
        }
        DriftRequest left = new DriftRequest(APP, NS, kept);
        List<Drift> drifts = activities.detectDrift(left);
        assertThat(drifts).extracting(Drift::description).containsExactly(
                "drift: Deployment default/reviews-v2 had 3 replicas, scaled back to 1",
                "drift: Service default/ratings was deleted; recreated");
        for (Drift drift : drifts) {
            activities.repairDrift(new RepairDriftRequest(left, drift.object()));
        }
        assertThat(activities.detectDrift(left)).isEmpty();

        // A later generation drops ratings: garbage collection reads each object it owns and no longer wants, and
        // deletes those labelled as the Application's.
        List<ObjectRef> ratings = List.of(new ObjectRef(ObjectRef.DEPLOYMENT, NS, "ratings"),
                new ObjectRef(ObjectRef.SERVICE, NS, "ratings"));
        assertThat(activities.collectGarbage(new dev.velatemporal.activity.GarbageRequest(APP, ratings)))
                .containsExactlyInAnyOrderElementsOf(ratings);

        // The Application is deleted: everything it created goes.
        created.add(new ObjectRef(ObjectRef.DEPLOYMENT, NS, "reviews-v2"));
        activities.deleteObjects(created);
        assertThat(activities.observeComponent(new ComponentRef(APP, NS, "reviews"))).isEmpty();
    }

    private static ApplyComponentRequest apply(Component component) {
        return new ApplyComponentRequest(APP, NS, component,
                component.rollout().isPresent() ? component.name() + "-v1" : null);
    }

    private static CreateRevisionRequest revision(String revision, WebserviceProperties workload, int replicas) {
        return new CreateRevisionRequest(APP, NS, "reviews", revision, workload, replicas);
    }

    /** The activity stub, noting the name of every activity called through it. */
    private DeliveryActivities recordingCalls(DeliveryActivities stub) {
        return (DeliveryActivities) Proxy.newProxyInstance(DeliveryActivities.class.getClassLoader(),
                new Class<?>[] {DeliveryActivities.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(stub, args);
                    }
                    activitiesRun.add(activityName(method));
                    try {
                        return method.invoke(stub, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Set<String> allActivities() {
        return Arrays.stream(DeliveryActivities.class.getMethods())
                .filter(m -> m.isAnnotationPresent(ActivityMethod.class))
                .map(RbacCoverageTest::activityName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String activityName(Method method) {
        ActivityMethod annotation = method.getAnnotation(ActivityMethod.class);
        return annotation == null || annotation.name().isEmpty() ? method.getName() : annotation.name();
    }

    private static Set<Grant> minus(Set<Grant> a, Set<Grant> b) {
        Set<Grant> difference = new TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    private String requests() {
        Map<Grant, List<String>> byGrant = new TreeMap<>();
        for (Access access : recorder.accesses()) {
            byGrant.computeIfAbsent(access.grant(), g -> new ArrayList<>()).add(access.request());
        }
        return byGrant.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": " + e.getValue().size() + " request(s), e.g. " + e.getValue().get(0))
                .collect(Collectors.joining("\n"));
    }
}
