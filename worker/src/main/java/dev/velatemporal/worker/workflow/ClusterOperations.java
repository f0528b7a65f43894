package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.ApplyComponentRequest;
import dev.velatemporal.activity.AwaitReadyRequest;
import dev.velatemporal.activity.ComponentRef;
import dev.velatemporal.activity.CreateRevisionRequest;
import dev.velatemporal.activity.DeliveryActivities;
import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.activity.ScaleRequest;
import dev.velatemporal.activity.SubsetsRequest;
import dev.velatemporal.activity.TrafficRef;
import dev.velatemporal.activity.TrafficState;
import dev.velatemporal.activity.WeightsRequest;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.RouteWeight;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.List;

/**
 * Every change a generation makes to the cluster, each paired with its undo in the generation's saga: a created
 * object is deleted, a scale is scaled back, a deleted revision is recreated from its recorded workload, traffic
 * goes back to the subsets and weights it had. Workflow code: it only calls activities.
 *
 * <p>Undos are built from the state the workflow read before the change, not from what the changing activity
 * returned: an activity retried after a success whose result was lost would report the new state as the old.
 */
final class ClusterOperations {

    private final ActivityStubs stubs;
    private final String application;
    private final String namespace;
    private final Saga saga;
    private final Compensation compensation;
    /** Undos registered before their change, into {@link #compensation}; else after it, into {@link #saga}. */
    private final boolean registersFirst;
    private final boolean cancelsSpentTimers;

    ClusterOperations(ActivityStubs stubs, String application, String namespace, Saga saga, RunVersion version) {
        this.stubs = stubs;
        this.application = application;
        this.namespace = namespace;
        this.saga = saga;
        this.compensation = new Compensation();
        this.registersFirst = version.decidesOutcomes();
        this.cancelsSpentTimers = version.cancelsSpentTimers();
    }

    void applyComponent(Component component, String revision) {
        // What the apply creates is known only from its answer; the undo registered first deletes what it names.
        List<ObjectRef> created = new java.util.ArrayList<>();
        if (registersFirst) {
            compensation.register(Undo.removal("delete what apply component " + component.name() + " created",
                    () -> {
                        if (!created.isEmpty()) {
                            stubs.call("undo: delete " + describe(created)).deleteObjects(created);
                        }
                    }));
        }
        created.addAll(stubs.call("apply component " + component.name()
                + (revision != null ? " (revision " + revision + ")" : ""))
                .applyComponent(new ApplyComponentRequest(application, namespace, component, revision)));
        if (!registersFirst && !created.isEmpty()) {
            saga.addCompensation(() -> stubs.call("undo: delete " + describe(created)).deleteObjects(created));
        }
    }

    /** @param existed whether the Deployment existed before, as observed: the undo deletes only a new one */
    void createRevision(String component, String revision, WebserviceProperties workload, int replicas,
            boolean existed) {
        DeploymentRef deployment = deployment(revision);
        Undo undo = Undo.removal("delete Deployment " + revision,
                () -> stubs.call("undo: delete Deployment " + revision).deleteDeployment(deployment));
        if (registersFirst && !existed) {
            compensation.register(undo);
        }
        boolean created = stubs.call("create Deployment " + revision + " if missing (" + replicas(replicas) + ")")
                .createRevision(new CreateRevisionRequest(application, namespace, component, revision, workload,
                        replicas));
        if (!registersFirst && created) {
            saga.addCompensation(undo.action()::run);
        }
    }

    /** @param before the replicas the Deployment has now, as observed */
    void scale(String deploymentName, int before, int replicas) {
        DeploymentRef deployment = deployment(deploymentName);
        String restores = "scale " + deploymentName + " back to " + replicas(before);
        Runnable back = () -> stubs.call("undo: " + restores).scale(new ScaleRequest(deployment, before));
        // Scaling back up restores capacity; scaling back down removes what the generation added.
        Undo undo = before > replicas ? Undo.capacity(restores, deploymentName, before, back)
                : Undo.removal(restores, back);
        if (registersFirst && before != replicas) {
            compensation.register(undo);
        }
        stubs.call("scale " + deploymentName + " to " + replicas(replicas))
                .scale(new ScaleRequest(deployment, replicas));
        if (!registersFirst && before != replicas) {
            saga.addCompensation(back::run);
        }
    }

    /**
     * Waits until the Deployment's pods are ready, racing the activity against the progress deadline: a workflow
     * timer, so the deadline holds across worker restarts and retries of the activity.
     */
    DeploymentReadiness awaitReady(String deploymentName, int replicas, Duration deadline) {
        AwaitReadyRequest request = new AwaitReadyRequest(deployment(deploymentName), replicas);
        DeliveryActivities readiness = stubs.wait("wait until " + deploymentName + " has " + replicas
                + (replicas == 1 ? " ready replica" : " ready replicas"));
        Promise<DeploymentReadiness>[] ready = newPromiseHolder();
        CancellationScope wait = Workflow.newCancellationScope(
                () -> ready[0] = Async.function(readiness::awaitReady, request));
        wait.run();
        String limit = "progress deadline: " + deploymentName + " ready at " + replicas(replicas) + " within "
                + deadline.getSeconds() + "s";
        if (!Deadline.await(deadline, limit, cancelsSpentTimers, ready[0]::isCompleted)) {
            wait.cancel("progress deadline passed");
            throw new ProgressDeadlineExceeded(deploymentName, replicas, deadline);
        }
        return ready[0].get();
    }

    /**
     * Deletes a revision's Deployment; the undo recreates it from the recorded workload.
     *
     * @param had its replicas now, as observed
     */
    void deleteRevision(String component, String revision, WebserviceProperties workload, int had) {
        CreateRevisionRequest recreate =
                new CreateRevisionRequest(application, namespace, component, revision, workload, had);
        String restores = "recreate Deployment " + revision + " (" + replicas(had) + ")";
        Runnable back = () -> stubs.call("undo: " + restores).createRevision(recreate);
        if (registersFirst) {
            compensation.register(Undo.capacity(restores, revision, had, back));
        }
        stubs.call("delete Deployment " + revision).deleteDeployment(deployment(revision));
        if (!registersFirst) {
            saga.addCompensation(back::run);
        }
    }

    TrafficState traffic(String component) {
        return stubs.call("read the traffic split of " + component)
                .readTraffic(new TrafficRef(namespace, component));
    }

    /** @param before the component's traffic as read before this change */
    void setSubsets(String component, TrafficState before, List<String> revisions) {
        TrafficRef traffic = new TrafficRef(namespace, component);
        Undo undo = null;
        if (before.destinationRuleExists()) {
            if (!before.subsets().equals(revisions)) {
                String restores = "DestinationRule " + component + " subsets back to "
                        + String.join(", ", before.subsets());
                undo = Undo.traffic(restores, () -> stubs.call("undo: " + restores)
                        .setSubsets(new SubsetsRequest(traffic, before.subsets())));
            }
        } else {
            List<ObjectRef> created = List.of(new ObjectRef(ObjectRef.DESTINATION_RULE, namespace, component));
            undo = Undo.traffic("delete " + describe(created),
                    () -> stubs.call("undo: delete " + describe(created)).deleteObjects(created));
        }
        if (registersFirst && undo != null) {
            compensation.register(undo);
        }
        stubs.call("DestinationRule " + component + ": subsets " + String.join(", ", revisions))
                .setSubsets(new SubsetsRequest(traffic, revisions));
        if (!registersFirst && undo != null) {
            saga.addCompensation(undo.action()::run);
        }
    }

    /** @param before the component's traffic as read before this change */
    void setWeights(String component, TrafficState before, List<RouteWeight> weights) {
        TrafficRef traffic = new TrafficRef(namespace, component);
        Undo undo = null;
        if (before.virtualServiceExists()) {
            if (!before.weights().equals(weights)) {
                String restores = "shift " + component + " back to " + split(before.weights());
                undo = Undo.traffic(restores, () -> stubs.call("undo: " + restores)
                        .setWeights(new WeightsRequest(traffic, before.weights())));
            }
        } else {
            List<ObjectRef> created = List.of(new ObjectRef(ObjectRef.VIRTUAL_SERVICE, namespace, component));
            undo = Undo.traffic("delete " + describe(created),
                    () -> stubs.call("undo: delete " + describe(created)).deleteObjects(created));
        }
        if (registersFirst && undo != null) {
            compensation.register(undo);
        }
        stubs.call("shift " + component + ": " + split(weights)).setWeights(new WeightsRequest(traffic, weights));
        if (!registersFirst && undo != null) {
            saga.addCompensation(undo.action()::run);
        }
    }

    List<DeploymentReadiness> observe(String component) {
        return stubs.call("observe the Deployments of " + component)
                .observeComponent(new ComponentRef(application, namespace, component));
    }

    /**
     * Runs the undos of everything registered so far: newest first (runs before {@code outcomes}), or capacity
     * first, each restored Deployment awaited ready within {@code settle} (see {@link Compensation}).
     *
     * @return what could not be restored; always empty for runs before {@code outcomes}, whose saga swallowed it
     */
    List<String> compensate(Duration settle) {
        if (!registersFirst) {
            saga.compensate();
            return List.of();
        }
        return compensation.run((deployment, replicas) -> awaitReady(deployment, replicas, settle));
    }

    private DeploymentRef deployment(String name) {
        return new DeploymentRef(namespace, name);
    }

    private static String replicas(int count) {
        return count + (count == 1 ? " replica" : " replicas");
    }

    /** {@code reviews-v1 90% / reviews-v2 10%}; an empty split routes to the host as a whole. */
    static String split(List<RouteWeight> weights) {
        if (weights.isEmpty()) {
            return "all to the Service";
        }
        return weights.stream().map(w -> w.revision() + " " + w.weight() + "%").collect(Collectors.joining(" / "));
    }

    /** {@code VirtualService reviews, DestinationRule reviews}; a long list names the first few. */
    static String describe(List<ObjectRef> objects) {
        int shown = 4;
        String names = objects.stream().limit(shown).map(o -> o.kind() + " " + o.name())
                .collect(Collectors.joining(", "));
        return objects.size() <= shown ? names : names + " and " + (objects.size() - shown) + " more";
    }

    @SuppressWarnings("unchecked")
    private static Promise<DeploymentReadiness>[] newPromiseHolder() {
        return new Promise[1];
    }
}
