package dev.velatemporal.worker.workflow;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.VelaSearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Objects;

/**
 * Shows the status where the Temporal UI looks: the markdown current details (every change) and the
 * {@code Vela*} search attributes (when the phase or the revision changes: each upsert is an event in the
 * history, so they are not repeated). Workflow code.
 */
final class StatusPublisher {

    private final boolean upsertsSearchAttributes;
    private String details;
    private List<String> searchAttributes;

    /** @param upsertsSearchAttributes false when replaying a run from before they existed (no such command there) */
    StatusPublisher(boolean upsertsSearchAttributes) {
        this.upsertsSearchAttributes = upsertsSearchAttributes;
    }

    void publish(ApplicationStatus status) {
        String markdown = StatusMarkdown.render(status);
        if (!markdown.equals(details)) {
            details = markdown;
            Workflow.setCurrentDetails(markdown);
        }
        if (upsertsSearchAttributes) {
            upsertIfChanged(status);
        }
    }

    private void upsertIfChanged(ApplicationStatus status) {
        String revision = status.components().isEmpty() ? "" : Objects.toString(
                status.components().get(0).targetRevision(), "");
        List<String> values = List.of(status.application(), status.namespace(), status.phase().value(), revision);
        if (values.equals(searchAttributes)) {
            return;
        }
        searchAttributes = values;
        if (revision.isEmpty()) {
            Workflow.upsertTypedSearchAttributes(
                    VelaSearchAttributes.APPLICATION.valueSet(status.application()),
                    VelaSearchAttributes.NAMESPACE.valueSet(status.namespace()),
                    VelaSearchAttributes.PHASE.valueSet(status.phase().value()));
        } else {
            Workflow.upsertTypedSearchAttributes(
                    VelaSearchAttributes.APPLICATION.valueSet(status.application()),
                    VelaSearchAttributes.NAMESPACE.valueSet(status.namespace()),
                    VelaSearchAttributes.PHASE.valueSet(status.phase().value()),
                    VelaSearchAttributes.REVISION.valueSet(revision));
        }
    }
}
