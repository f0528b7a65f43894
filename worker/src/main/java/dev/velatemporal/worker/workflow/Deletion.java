package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.ComponentRef;
import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import java.util.ArrayList;
import java.util.List;

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

    private void delete(List<ObjectRef> objects) {
        stubs.call("delete " + ClusterOperations.describe(objects)).deleteObjects(objects);
    }
}
