package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationLister.Listed;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;

/**
 * One Application as {@code list} shows it, and as {@code list -o json|yaml} writes it.
 *
 * @param phase the generation's phase as the status document writes it; empty when unknown
 * @param generation null when no worker answered
 * @param currentStep empty when no step is current; null when no worker answered
 * @param targetRevision the revision the latest generation rolls out (of its first rollout component); empty when
 *     it has none
 */
record ListRow(String namespace, String name, String workflowId, String phase, Integer generation,
        String currentStep, String targetRevision) {

    /** Visibility's view, corrected by the status query's answer when there is one (visibility lags a little). */
    static ListRow of(Listed listed, ApplicationStatus status) {
        if (status == null) {
            return new ListRow(listed.namespace(), listed.name(), listed.workflowId(), listed.phase(), null, null,
                    listed.revision());
        }
        String target = status.components().stream().map(ComponentStatus::targetRevision)
                .filter(revision -> revision != null && !revision.isEmpty()).findFirst().orElse(listed.revision());
        return new ListRow(listed.namespace(), listed.name(), listed.workflowId(), status.phase().value(),
                status.generation(), status.currentStep(), target);
    }
}
