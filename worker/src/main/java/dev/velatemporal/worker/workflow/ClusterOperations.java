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

    private final DeliveryActivities activities;
    private final DeliveryActivities readiness;
    private final String application;
    private final String namespace;
    private final Saga saga;

    ClusterOperations(ActivityStubs stubs, String application, String namespace, Saga saga) {
        this.activities = stubs.activities();
        this.readiness = stubs.readiness();
        this.application = application;
        this.namespace = namespace;
        this.saga = saga;
    }

    void applyComponent(Component component, String revision) {
        List<ObjectRef> created =
                activities.applyComponent(new ApplyComponentRequest(application, namespace, component, revision));
        if (!created.isEmpty()) {
            saga.addCompensation(() -> activities.deleteObjects(created));
        }
    }

    void createRevision(String component, String revision, WebserviceProperties workload, int replicas) {
        boolean created = activities.createRevision(
                new CreateRevisionRequest(application, namespace, component, revision, workload, replicas));
        if (created) {
            DeploymentRef deployment = deployment(revision);
            saga.addCompensation(() -> activities.deleteDeployment(deployment));
        }
    }

    /** @param before the replicas the Deployment has now, as observed */
    void scale(String deploymentName, int before, int replicas) {
        DeploymentRef deployment = deployment(deploymentName);
        activities.scale(new ScaleRequest(deployment, replicas));
        if (before != replicas) {
            saga.addCompensation(() -> activities.scale(new ScaleRequest(deployment, before)));
        }
    }

    /**
     * Waits until the Deployment's pods are ready, racing the activity against the progress deadline: a workflow
     * timer, so the deadline holds across worker restarts and retries of the activity.
     */
    DeploymentReadiness awaitReady(String deploymentName, int replicas, Duration deadline) {
        AwaitReadyRequest request = new AwaitReadyRequest(deployment(deploymentName), replicas);
        Promise<DeploymentReadiness>[] ready = newPromiseHolder();
        CancellationScope wait = Workflow.newCancellationScope(
                () -> ready[0] = Async.function(readiness::awaitReady, request));
        wait.run();
        if (!Workflow.await(deadline, ready[0]::isCompleted)) {
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
        activities.deleteDeployment(deployment(revision));
        CreateRevisionRequest recreate =
                new CreateRevisionRequest(application, namespace, component, revision, workload, had);
        saga.addCompensation(() -> activities.createRevision(recreate));
    }

    TrafficState traffic(String component) {
        return activities.readTraffic(new TrafficRef(namespace, component));
    }

    /** @param before the component's traffic as read before this change */
    void setSubsets(String component, TrafficState before, List<String> revisions) {
        TrafficRef traffic = new TrafficRef(namespace, component);
        activities.setSubsets(new SubsetsRequest(traffic, revisions));
        if (before.destinationRuleExists()) {
            if (!before.subsets().equals(revisions)) {
                saga.addCompensation(() -> activities.setSubsets(new SubsetsRequest(traffic, before.subsets())));
            }
        } else {
            saga.addCompensation(() -> activities.deleteObjects(
                    List.of(new ObjectRef(ObjectRef.DESTINATION_RULE, namespace, component))));
        }
    }

    /** @param before the component's traffic as read before this change */
    void setWeights(String component, TrafficState before, List<RouteWeight> weights) {
        TrafficRef traffic = new TrafficRef(namespace, component);
        activities.setWeights(new WeightsRequest(traffic, weights));
        if (before.virtualServiceExists()) {
            if (!before.weights().equals(weights)) {
                saga.addCompensation(() -> activities.setWeights(new WeightsRequest(traffic, before.weights())));
            }
        } else {
            saga.addCompensation(() -> activities.deleteObjects(
                    List.of(new ObjectRef(ObjectRef.VIRTUAL_SERVICE, namespace, component))));
        }
    }

    List<DeploymentReadiness> observe(String component) {
        return activities.observeComponent(new ComponentRef(application, namespace, component));
    }

    /** Runs the undos of everything registered so far, newest first. */
    void compensate() {
        saga.compensate();
    }

    private DeploymentRef deployment(String name) {
        return new DeploymentRef(namespace, name);
    }

    @SuppressWarnings("unchecked")
    private static Promise<DeploymentReadiness>[] newPromiseHolder() {
        return new Promise[1];
    }
}
