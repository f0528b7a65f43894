package dev.velatemporal.client;

import dev.velatemporal.kube.ReadinessProgress;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ready pods as the cluster has them while a rollout waits for them. The workflow's status knows a Deployment's
 * ready pods from its last read of the cluster; while it waits, the waiting activity ({@code AwaitReady})
 * heartbeats the pods' progress each time it changes, and Temporal keeps the latest heartbeat on the pending
 * activity, where {@code DescribeWorkflowExecution} returns it (and the Temporal UI shows it). This merges that
 * progress into the status document, so {@code status} and {@code watch} show {@code 0/2}, {@code 1/2},
 * {@code 2/2} as the pods get ready rather than only between batches.
 *
 * <p>Why not have the workflow take the progress in: that would be a signal per pod change, each an event in the
 * history and a workflow task that decides nothing. The heartbeats are sent anyway (they tell a stuck worker from
 * a slow rollout) and cost no history.
 */
final class LiveReadiness {

    /** The readiness wait's activity type ({@code DeliveryActivities.awaitReady}). */
    static final String AWAIT_READY = "AwaitReady";

    private LiveReadiness() {}

    /**
     * The latest progress of every readiness wait pending in {@code describe}. A heartbeat that cannot be read
     * (another key, another shape) is left out: the status then shows what the workflow last read.
     */
    static List<ReadinessProgress> pending(DescribeWorkflowExecutionResponse describe, DataConverter converter) {
        List<ReadinessProgress> waits = new ArrayList<>();
        for (PendingActivityInfo activity : describe.getPendingActivitiesList()) {
            if (!activity.getActivityType().getName().equals(AWAIT_READY) || !activity.hasHeartbeatDetails()) {
                continue;
            }
            try {
                ReadinessProgress progress = converter.fromPayloads(0, Optional.of(activity.getHeartbeatDetails()),
                        ReadinessProgress.class, ReadinessProgress.class);
                if (progress != null && progress.deployment() != null) {
                    waits.add(progress);
                }
            } catch (RuntimeException e) {
                // unreadable: the status as the workflow has it
            }
        }
        return waits;
    }

    /**
     * {@code status} with the desired and ready replicas of each revision a wait reports on replaced by what the
     * wait last saw. A Deployment the wait found missing is left as the workflow has it.
     */
    static ApplicationStatus merge(ApplicationStatus status, List<ReadinessProgress> waits) {
        return merge(status, waits, System.currentTimeMillis());
    }

    /**
     * As {@link #merge(ApplicationStatus, List)}; and a wait whose pods have not moved for {@link #STALLED} or
     * whose watch is failing says so in its step's message, so a rollout never stalls silently.
     */
    static ApplicationStatus merge(ApplicationStatus status, List<ReadinessProgress> waits, long nowMillis) {
        status = withStallNotes(status, waits, nowMillis);
        Map<String, ReadinessProgress> byDeployment = new LinkedHashMap<>();
        for (ReadinessProgress progress : waits) {
            if (progress.exists()) {
                byDeployment.put(progress.deployment(), progress);
            }
        }
        if (byDeployment.isEmpty()) {
            return status;
        }
        List<ComponentStatus> components = new ArrayList<>();
        for (ComponentStatus component : status.components()) {
            List<RevisionStatus> revisions = new ArrayList<>();
            for (RevisionStatus revision : component.revisions()) {
                // A revision's Deployment is named after it, in the Application's namespace.
                ReadinessProgress live = byDeployment.get(status.namespace() + "/" + revision.name());
                revisions.add(live == null ? revision : new RevisionStatus(revision.name(), revision.image(),
                        live.specReplicas(), live.readyReplicas(), revision.weight()));
            }
            components.add(new ComponentStatus(component.name(), component.stableRevision(),
                    component.targetRevision(), revisions));
        }
        return new ApplicationStatus(status.application(), status.namespace(), status.workflowId(),
                status.generation(), status.phase(), status.message(), status.currentStep(), status.steps(),
                components, status.events());
    }

    /** How long pods may stay where they are before the status calls the wait stalled. */
    static final java.time.Duration STALLED = java.time.Duration.ofSeconds(60);

    private static ApplicationStatus withStallNotes(ApplicationStatus status, List<ReadinessProgress> waits,
            long nowMillis) {
        List<String> notes = new ArrayList<>();
        for (ReadinessProgress wait : waits) {
            String name = wait.deployment();
            long still = wait.lastProgressAt() > 0 ? nowMillis - wait.lastProgressAt() : 0;
            if (still >= STALLED.toMillis()) {
                notes.add("no progress for " + dev.velatemporal.cli.view.StatusView.shortDuration(java.time.Duration.ofMillis(still)) + ": "
                        + (wait.exists() ? name + " has " + wait.readyReplicas() + " of " + wait.replicas()
                                + " pods ready" : name + " does not exist"));
            }
            if (wait.watchFailing()) {
                notes.add("the watch on " + name + " is failing; its readiness is re-read every few seconds");
            }
        }
        if (notes.isEmpty()) {
            return status;
        }
        String note = String.join("; ", notes);
        List<ApplicationStatus.StepStatus> steps = new ArrayList<>();
        for (ApplicationStatus.StepStatus step : status.steps()) {
            steps.add(!step.name().equals(status.currentStep()) ? step : new ApplicationStatus.StepStatus(
                    step.name(), step.type(), step.phase(),
                    step.message().isEmpty() ? note : step.message() + " (" + note + ")",
                    step.progressDeadline(), step.resumesAt()));
        }
        return new ApplicationStatus(status.application(), status.namespace(), status.workflowId(),
                status.generation(), status.phase(), status.message(), status.currentStep(), steps,
                status.components(), status.events());
    }
}
