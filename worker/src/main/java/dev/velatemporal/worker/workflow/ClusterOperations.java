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
    private final boolean cancelsSpentTimers;

    ClusterOperations(ActivityStubs stubs, String application, String namespace, Saga saga, RunVersion version) {
        this.stubs = stubs;
        this.application = application;
        this.namespace = namespace;
        this.saga = saga;
        this.cancelsSpentTimers = version.cancelsSpentTimers();
    }

    void applyComponent(Component component, String revision) {
        List<ObjectRef> created = stubs.call("apply component " + component.name()
                + (revision != null ? " (revision " + revision + ")" : ""))
                .applyComponent(new ApplyComponentRequest(application, namespace, component, revision));
        if (!created.isEmpty()) {
            saga.addCompensation(() -> stubs.call("undo: delete " + describe(created)).deleteObjects(created));
        }
    }

    void createRevision(String component, String revision, WebserviceProperties workload, int replicas) {
        boolean created = stubs.call("create Deployment " + revision + " if missing (" + replicas(replicas) + ")")
                .createRevision(new CreateRevisionRequest(application, namespace, component, revision, workload,
                        replicas));
        if (created) {
            DeploymentRef deployment = deployment(revision);
            saga.addCompensation(() -> stubs.call("undo: delete Deployment " + revision)
                    .deleteDeployment(deployment));
        }
    }

    /** @param before the replicas the Deployment has now, as observed */
    void scale(String deploymentName, int before, int replicas) {
        DeploymentRef deployment = deployment(deploymentName);
        stubs.call("scale " + deploymentName + " to " + replicas(replicas))
                .scale(new ScaleRequest(deployment, replicas));
        if (before != replicas) {
            saga.addCompensation(() -> stubs.call("undo: scale " + deploymentName + " back to " + replicas(before))
                    .scale(new ScaleRequest(deployment, before)));
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
        stubs.call("delete Deployment " + revision).deleteDeployment(deployment(revision));
        CreateRevisionRequest recreate =
                new CreateRevisionRequest(application, namespace, component, revision, workload, had);
        saga.addCompensation(() -> stubs.call("undo: recreate Deployment " + revision + " (" + replicas(had) + ")")
                .createRevision(recreate));
    }

    TrafficState traffic(String component) {
        return stubs.call("read the traffic split of " + component)
                .readTraffic(new TrafficRef(namespace, component));
    }

    /** @param before the component's traffic as read before this change */
    void setSubsets(String component, TrafficState before, List<String> revisions) {
        TrafficRef traffic = new TrafficRef(namespace, component);
        stubs.call("DestinationRule " + component + ": subsets " + String.join(", ", revisions))
                .setSubsets(new SubsetsRequest(traffic, revisions));
        if (before.destinationRuleExists()) {
            if (!before.subsets().equals(revisions)) {
                saga.addCompensation(() -> stubs.call("undo: DestinationRule " + component + " subsets back to "
                        + String.join(", ", before.subsets())).setSubsets(new SubsetsRequest(traffic,
                        before.subsets())));
            }
        } else {
            List<ObjectRef> created = List.of(new ObjectRef(ObjectRef.DESTINATION_RULE, namespace, component));
            saga.addCompensation(() -> stubs.call("undo: delete " + describe(created)).deleteObjects(created));
        }
    }

    /** @param before the component's traffic as read before this change */
    void setWeights(String component, TrafficState before, List<RouteWeight> weights) {
        TrafficRef traffic = new TrafficRef(namespace, component);
        stubs.call("shift " + component + ": " + split(weights)).setWeights(new WeightsRequest(traffic, weights));
        if (before.virtualServiceExists()) {
            if (!before.weights().equals(weights)) {
                saga.addCompensation(() -> stubs.call("undo: shift " + component + " back to "
                        + split(before.weights())).setWeights(new WeightsRequest(traffic, before.weights())));
            }
        } else {
            List<ObjectRef> created = List.of(new ObjectRef(ObjectRef.VIRTUAL_SERVICE, namespace, component));
            saga.addCompensation(() -> stubs.call("undo: delete " + describe(created)).deleteObjects(created));
        }
    }

    List<DeploymentReadiness> observe(String component) {
        return stubs.call("observe the Deployments of " + component)
                .observeComponent(new ComponentRef(application, namespace, component));
    }

    /** Runs the undos of everything registered so far, newest first. */
    void compensate() {
        saga.compensate();
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
