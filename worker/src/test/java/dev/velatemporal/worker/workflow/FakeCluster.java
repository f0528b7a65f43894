package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.ApplyComponentRequest;
import dev.velatemporal.activity.AwaitReadyRequest;
import dev.velatemporal.activity.ComponentRef;
import dev.velatemporal.activity.CreateRevisionRequest;
import dev.velatemporal.activity.DeliveryActivities;
import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.GarbageRequest;
import dev.velatemporal.activity.DeploymentRef;
import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.activity.ScaleRequest;
import dev.velatemporal.activity.SubsetsRequest;
import dev.velatemporal.activity.TrafficRef;
import dev.velatemporal.activity.TrafficState;
import dev.velatemporal.activity.WeightsRequest;
import dev.velatemporal.model.Component;
import dev.velatemporal.render.RouteWeight;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The activities against a cluster held in memory, for workflow tests that need no API server: every write is
 * logged (with the ready pods of each Deployment at that moment), and any call can be scripted to fail for good or
 * to hang until released, which is how a test lands an interruption on an activity in flight.
 *
 * <p>Pods become ready when a readiness wait asks for them (as if the kubelet were instant), so "ready" in the
 * log means a wait has seen it. Calls are named as in the log: {@code scale reviews-v1 1}, {@code await
 * reviews-v2 1}, {@code apply details}, {@code weights reviews reviews-v1=100}, {@code subsets reviews
 * reviews-v1}, {@code delete Deployment reviews-v2}, {@code create reviews-v2}, {@code delete objects ...}.
 */
final class FakeCluster implements DeliveryActivities {

    /** A Deployment as the cluster has it. */
    private record Workload(String component, String revision, String image, int replicas, int ready) {}

    private final Map<String, Workload> deployments = new TreeMap<>();
    private final TreeSet<String> objects = new TreeSet<>();
    private final Map<String, List<String>> subsets = new TreeMap<>();
    private final Map<String, List<RouteWeight>> weights = new TreeMap<>();
    private final List<String> log = new ArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final java.util.Set<String> unavailable = ConcurrentHashMap.newKeySet();

    /** A call held until released; {@link #entered} tells the test it is in flight. */
    static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        void awaitEntered() {
            try {
                if (!entered.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the call never started");
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        void release() {
            released.countDown();
        }
    }

    /** The call fails for good, as a 403 does. */
    void failOn(String call, String message) {
        failures.put(call, message);
    }

    /**
     * The call fails as a 503 does, attempt after attempt, until the test stops it: the wait is retried with
     * backoff, and between attempts no activity runs, so the test server may skip time to a deadline (it does not
     * while an activity runs).
     */
    void unavailableOn(String call) {
        unavailable.add(call);
    }

    /** The call hangs, heartbeating if it is a wait, until the gate is released. */
    Gate holdOn(String call) {
        Gate gate = new Gate();
        gates.put(call, gate);
        return gate;
    }

    synchronized List<String> writes() {
        return List.copyOf(log);
    }

    /** Everything a user could check, as one comparable text. */
    synchronized String state() {
        return "deployments " + deployments.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().replicas() + "/" + e.getValue().ready())
                .collect(Collectors.joining(",")) + "; objects " + objects + "; subsets " + subsets + "; routes "
                + weights.entrySet().stream().map(e -> e.getKey() + "=" + ClusterOperations.split(e.getValue()))
                .collect(Collectors.joining(","));
    }

    synchronized int replicas(String deployment) {
        Workload workload = deployments.get(deployment);
        return workload == null ? -1 : workload.replicas();
    }

    synchronized int ready(String deployment) {
        Workload workload = deployments.get(deployment);
        return workload == null ? -1 : workload.ready();
    }

    private void enter(String call) {
        Gate gate = gates.remove(call);
        if (gate != null) {
            gate.entered.countDown();
            boolean heartbeats = call.startsWith("await ") || call.equals("detect drift");
            try {
                while (!gate.released.await(100, TimeUnit.MILLISECONDS)) {
                    if (heartbeats) {
                        Activity.getExecutionContext().heartbeat(null); // throws once cancelled
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        if (unavailable.contains(call)) {
            throw ApplicationFailure.newFailure(call + ": service unavailable", "ServiceUnavailable");
        }
        String failure = failures.remove(call);
        if (failure != null) {
            throw ApplicationFailure.newNonRetryableFailure(failure, "Forbidden");
        }
    }

    private synchronized void write(String call) {
        log.add(call + " [ready " + deployments.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().ready()).collect(Collectors.joining(",")) + "]");
    }

    @Override
    public void checkNamespace(String namespace) {}

    @Override
    public List<ObjectRef> applyComponent(ApplyComponentRequest request) {
        Component component = request.component();
        enter("apply " + component.name());
        synchronized (this) {
            write("apply " + component.name());
            List<ObjectRef> created = new ArrayList<>();
            String ns = request.namespace();
            add(new ObjectRef(ObjectRef.SERVICE, ns, component.name()), created);
            if (component.rollout().isEmpty() && !deployments.containsKey(component.name())) {
                deployments.put(component.name(), new Workload(component.name(), null,
                        component.properties().image(), 1, 0));
                created.add(new ObjectRef(ObjectRef.DEPLOYMENT, ns, component.name()));
            }
            if (component.canaryTraffic().isPresent()) {
                if (add(new ObjectRef(ObjectRef.DESTINATION_RULE, ns, component.name()), created)) {
                    subsets.put(component.name(), List.of(request.revision()));
                }
                if (add(new ObjectRef(ObjectRef.VIRTUAL_SERVICE, ns, component.name()), created)) {
                    weights.put(component.name(), List.of());
                }
            }
            return created;
        }
    }

    private boolean add(ObjectRef object, List<ObjectRef> created) {
        if (objects.add(object.kind() + "/" + object.name())) {
            created.add(object);
            return true;
        }
        return false;
    }

    @Override
    public boolean createRevision(CreateRevisionRequest request) {
        enter("create " + request.revision());
        synchronized (this) {
            write("create " + request.revision() + " " + request.replicas());
            if (deployments.containsKey(request.revision())) {
                return false;
            }
            deployments.put(request.revision(), new Workload(request.component(), request.revision(),
                    request.workload().image(), request.replicas(), 0));
            return true;
        }
    }

    @Override
    public int scale(ScaleRequest request) {
        String name = request.deployment().name();
        enter("scale " + name + " " + request.replicas());
        synchronized (this) {
            write("scale " + name + " " + request.replicas());
            Workload workload = deployments.get(name);
            if (workload == null) {
                throw ApplicationFailure.newNonRetryableFailure("Deployment " + name + " not found", "NotFound");
            }
            deployments.put(name, new Workload(workload.component(), workload.revision(), workload.image(),
                    request.replicas(), Math.min(workload.ready(), request.replicas())));
            return workload.replicas();
        }
    }

    @Override
    public DeploymentReadiness awaitReady(AwaitReadyRequest request) {
        String name = request.deployment().name();
        enter("await " + name + " " + request.replicas());
        synchronized (this) {
            Workload workload = deployments.get(name);
            if (workload == null) {
                throw ApplicationFailure.newNonRetryableFailure("Deployment " + name + " not found", "NotFound");
            }
            Workload ready = new Workload(workload.component(), workload.revision(), workload.image(),
                    workload.replicas(), workload.replicas());
            deployments.put(name, ready);
            return readiness(name, ready);
        }
    }

    @Override
    public int deleteDeployment(DeploymentRef deployment) {
        enter("delete Deployment " + deployment.name());
        synchronized (this) {
            write("delete Deployment " + deployment.name());
            Workload gone = deployments.remove(deployment.name());
            return gone == null ? -1 : gone.replicas();
        }
    }

    @Override
    public synchronized TrafficState readTraffic(TrafficRef traffic) {
        String component = traffic.component();
        return new TrafficState(objects.contains(ObjectRef.DESTINATION_RULE + "/" + component),
                subsets.getOrDefault(component, List.of()),
                objects.contains(ObjectRef.VIRTUAL_SERVICE + "/" + component),
                weights.getOrDefault(component, List.of()));
    }

    @Override
    public TrafficState setSubsets(SubsetsRequest request) {
        String component = request.traffic().component();
        String call = "subsets " + component + " " + String.join(",", request.revisions());
        enter(call);
        synchronized (this) {
            write(call);
            TrafficState before = readTraffic(request.traffic());
            objects.add(ObjectRef.DESTINATION_RULE + "/" + component);
            subsets.put(component, List.copyOf(request.revisions()));
            return before;
        }
    }

    @Override
    public TrafficState setWeights(WeightsRequest request) {
        String component = request.traffic().component();
        String call = "weights " + component + " " + request.weights().stream()
                .map(w -> w.revision() + "=" + w.weight()).collect(Collectors.joining(","));
        enter(call.strip());
        synchronized (this) {
            write(call.strip());
            TrafficState before = readTraffic(request.traffic());
            objects.add(ObjectRef.VIRTUAL_SERVICE + "/" + component);
            weights.put(component, List.copyOf(request.weights()));
            return before;
        }
    }

    @Override
    public void deleteObjects(List<ObjectRef> refs) {
        String call = "delete objects " + refs.stream().map(r -> r.kind() + "/" + r.name())
                .collect(Collectors.joining(","));
        enter(call);
        synchronized (this) {
            write(call);
            for (ObjectRef ref : refs) {
                if (ref.kind().equals(ObjectRef.DEPLOYMENT)) {
                    deployments.remove(ref.name());
                } else if (objects.remove(ref.kind() + "/" + ref.name())) {
                    if (ref.kind().equals(ObjectRef.DESTINATION_RULE)) {
                        subsets.remove(ref.name());
                    } else if (ref.kind().equals(ObjectRef.VIRTUAL_SERVICE)) {
                        weights.remove(ref.name());
                    }
                }
            }
        }
    }

    /** Everything here is the Application's: deletes what exists, and says what that was. */
    @Override
    public List<ObjectRef> collectGarbage(GarbageRequest request) {
        String call = "collect " + request.objects().stream().map(r -> r.kind() + "/" + r.name())
                .collect(Collectors.joining(","));
        enter(call);
        synchronized (this) {
            List<ObjectRef> existing = request.objects().stream()
                    .filter(ref -> ref.kind().equals(ObjectRef.DEPLOYMENT) ? deployments.containsKey(ref.name())
                            : objects.contains(ref.kind() + "/" + ref.name()))
                    .toList();
            if (!existing.isEmpty()) {
                deleteObjects(existing);
            }
            return existing;
        }
    }

    @Override
    public synchronized List<DeploymentReadiness> observeComponent(ComponentRef component) {
        List<DeploymentReadiness> found = new ArrayList<>();
        deployments.forEach((name, workload) -> {
            if (workload.component().equals(component.component())) {
                found.add(readiness(name, workload));
            }
        });
        return found;
    }

    /** No drift: nothing edits this cluster behind the workflow's back. Called {@code detect drift}. */
    @Override
    public List<dev.velatemporal.activity.Drift> detectDrift(dev.velatemporal.activity.DriftRequest kept) {
        enter("detect drift");
        return List.of();
    }

    @Override
    public boolean repairDrift(dev.velatemporal.activity.RepairDriftRequest request) {
        return false;
    }

    private static DeploymentReadiness readiness(String name, Workload workload) {
        return new DeploymentReadiness(name, workload.revision(), workload.image(), workload.replicas(),
                workload.ready());
    }
}
