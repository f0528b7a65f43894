package dev.velatemporal.client;

import dev.velatemporal.workflow.WorkflowIds;

/** An Application as the starter names it: its Kubernetes namespace and name, hence its workflow ID. */
public record ApplicationRef(String namespace, String name) {

    public String workflowId() {
        return WorkflowIds.of(namespace, name);
    }

    @Override
    public String toString() {
        return name + " (namespace " + namespace + ")";
    }
}
