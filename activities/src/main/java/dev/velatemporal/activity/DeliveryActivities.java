package dev.velatemporal.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Everything an Application's workflow does to the cluster. Each method is idempotent (running it twice leaves
 * the cluster as running it once), small in what it takes and returns (names and specs, not objects), and
 * classifies failures: conflicts, throttling, server errors, timeouts and dropped watches are thrown to be retried
 * with backoff; 400, 403, 404 on update and 422 fail for good ({@code ApplicationFailure}, non-retryable).
 *
 * <p>Methods that change state return what was there before, so the workflow can register the undo.
 *
 * <p>A worker may be confined to some namespaces ({@link NamespacePolicy}): every method then checks the namespace
 * of its request before it calls the API, and fails for good ({@value NamespacePolicy#NAMESPACE_NOT_ALLOWED}) for
 * any other namespace.
 */
@ActivityInterface
public interface DeliveryActivities {

    /**
     * Fails for good ({@value NamespacePolicy#NAMESPACE_NOT_ALLOWED}) unless this worker may act in
     * {@code namespace}; calls no API. The workflow calls it first, so a refused generation changes nothing.
     */
    @ActivityMethod(name = "CheckNamespace")
    void checkNamespace(String namespace);

    /**
     * Creates or updates what a component has besides its revisioned Deployments and its traffic split: its
     * Service, Gateway and gateway VirtualService; its Deployment when it has no rollout trait (1 replica); and,
     * when it has canary-traffic, its DestinationRule (subset {@code revision}) and canary VirtualService (route to
     * the host) if they do not exist yet. Existing canary traffic objects are left as they are: steps own them.
     *
     * @return the objects this call created (not those it updated), so an undo can delete exactly them
     */
    @ActivityMethod(name = "ApplyComponent")
    List<ObjectRef> applyComponent(ApplyComponentRequest request);

    /** Creates a revision's Deployment at {@code replicas} if it does not exist; true when it created it. */
    @ActivityMethod(name = "CreateRevision")
    boolean createRevision(CreateRevisionRequest request);

    /** Sets a Deployment's replicas; returns the replicas it had. Fails for good if it does not exist. */
    @ActivityMethod(name = "Scale")
    int scale(ScaleRequest request);

    /**
     * Waits until a Deployment's pods are ready at {@code replicas}: {@code observedGeneration} current,
     * {@code updatedReplicas} and {@code readyReplicas} at the goal. Watches (no polling), heartbeats while it
     * waits, and stops when cancelled: the workflow races it against the progress deadline.
     */
    @ActivityMethod(name = "AwaitReady")
    DeploymentReadiness awaitReady(AwaitReadyRequest request);

    /** Deletes a Deployment; returns the replicas it had, or -1 when it did not exist. */
    @ActivityMethod(name = "DeleteDeployment")
    int deleteDeployment(DeploymentRef deployment);

    /** The component's DestinationRule subsets and VirtualService route weights. */
    @ActivityMethod(name = "ReadTraffic")
    TrafficState readTraffic(TrafficRef traffic);

    /** Makes the DestinationRule's subsets exactly {@code revisions}; returns the state before. */
    @ActivityMethod(name = "SetSubsets")
    TrafficState setSubsets(SubsetsRequest request);

    /**
     * Makes the VirtualService route exactly the given weights (an empty list routes to the host as a whole);
     * returns the state before.
     */
    @ActivityMethod(name = "SetWeights")
    TrafficState setWeights(WeightsRequest request);

    /** Deletes objects; ones already gone are fine. */
    @ActivityMethod(name = "DeleteObjects")
    void deleteObjects(List<ObjectRef> objects);

    /**
     * Deletes those of the objects that exist and are this Application's: labelled with its name and managed by
     * vela-temporal. An object of the same name that someone else made is left alone. Traffic goes first, then
     * Services, then workloads, so no route is left pointing at something missing.
     *
     * @return the objects it deleted (not those already gone or not ours)
     */
    @ActivityMethod(name = "CollectGarbage")
    List<ObjectRef> collectGarbage(GarbageRequest request);

    /** Replicas and ready replicas of every Deployment of a component, for the status document. */
    @ActivityMethod(name = "ObserveComponent")
    List<DeploymentReadiness> observeComponent(ComponentRef component);

    /**
     * The owned objects that differ from what the last successful generation left ({@code kept}), each with what
     * differs and what its repair does; changes nothing. Compares only the fields a generation writes, and only the
     * values it rendered (what the API server adds is not drift).
     */
    @ActivityMethod(name = "DetectDrift")
    List<Drift> detectDrift(DriftRequest kept);

    /**
     * Puts one object back as the last successful generation left it: creates it when missing, else rewrites the
     * fields a generation writes. True when it wrote; false when the object was already as left.
     */
    @ActivityMethod(name = "RepairDrift")
    boolean repairDrift(RepairDriftRequest request);
}
