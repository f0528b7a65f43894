package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.ComponentRef;
import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.GarbageRequest;
import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.workflow.OwnedObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code delete} signal: every object the Application created goes, traffic first (so no route is left
 * pointing at a subset or Service that is gone), then Services, then the workloads.
 */
final class Deletion {

    private final ActivityStubs stubs;

    Deletion(ActivityStubs stubs) {
        this.stubs = stubs;
    }

    void deleteAll(Application application) {
        String namespace = application.namespace();
        List<ObjectRef> traffic = new ArrayList<>();
        List<ObjectRef> services = new ArrayList<>();
        List<ObjectRef> workloads = new ArrayList<>();
        for (Component component : application.components()) {
            String name = component.name();
            traffic.add(new ObjectRef(ObjectRef.VIRTUAL_SERVICE, namespace, name));
            traffic.add(new ObjectRef(ObjectRef.GATEWAY, namespace, name));
            traffic.add(new ObjectRef(ObjectRef.DESTINATION_RULE, namespace, name));
            services.add(new ObjectRef(ObjectRef.SERVICE, namespace, name));
            for (DeploymentReadiness deployment : stubs.call("observe the Deployments of " + name)
                    .observeComponent(new ComponentRef(application.name(), namespace, name))) {
                workloads.add(new ObjectRef(ObjectRef.DEPLOYMENT, namespace, deployment.name()));
            }
        }
        delete(traffic);
        delete(services);
        delete(workloads);
    }

    /**
     * Everything owned, whatever spec created it, and every Deployment of the last spec's components as the
     * cluster has them: deleted in one call, traffic first, and only where labelled as the Application's.
     */
    void deleteOwned(String application, Application lastApplied, List<OwnedObject> owned) {
        Set<ObjectRef> objects = new LinkedHashSet<>();
        owned.forEach(object -> objects.add(Ownership.ref(object)));
        if (lastApplied != null) {
            for (Component component : lastApplied.components()) {
                objects.addAll(Ownership.objectsOf(component, lastApplied.namespace()));
                for (DeploymentReadiness deployment : stubs.call("observe the Deployments of " + component.name())
                        .observeComponent(new ComponentRef(application, lastApplied.namespace(),
                                component.name()))) {
                    objects.add(new ObjectRef(ObjectRef.DEPLOYMENT, lastApplied.namespace(), deployment.name()));
                }
            }
        }
        if (objects.isEmpty()) {
            return;
        }
        List<ObjectRef> all = List.copyOf(objects);
        stubs.call("delete " + ClusterOperations.describe(all))
                .collectGarbage(new GarbageRequest(application, all));
    }

    private void delete(List<ObjectRef> objects) {
        stubs.call("delete " + ClusterOperations.describe(objects)).deleteObjects(objects);
    }
}
