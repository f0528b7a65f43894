package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.TrafficState;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplyComponentStep;
import dev.velatemporal.model.CanaryRollbackStep;
import dev.velatemporal.model.CanaryRolloutStep;
import dev.velatemporal.model.CanaryRolloutStep.WeightedTarget;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.RolloutTrait;
import dev.velatemporal.model.SuspendStep;
import dev.velatemporal.model.WorkflowStep;
import dev.velatemporal.render.RouteWeight;
import dev.velatemporal.revision.ComponentHistory;
import dev.velatemporal.revision.ComponentPlan;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import dev.velatemporal.worker.logging.LogContext;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One generation: the steps of one applied spec (SPEC section 4), in order, each change paired with its undo.
 * The revision history it updates (a rollout that completes makes its target stable) is read back by the
 * workflow when the generation ends.
 */
final class Generation {

    private static final Logger log = Workflow.getLogger(Generation.class);

    /** For components without a rollout trait: how long their pods may take to become ready. */
    private static final Duration DEFAULT_PROGRESS_DEADLINE =
            Duration.ofSeconds(RolloutTrait.DEFAULT_PROGRESS_DEADLINE_SECONDS);

    private final Application application;
    private final RevisionPlan plan;
    private final RevisionHistory historyAtStart;
    private RevisionHistory history;
    private final ClusterOperations cluster;
    private final StatusBoard status;
    private final Approval approval;
    private final RolloutMetrics metrics;
    private final RunVersion version;
    /** Replicas of every revision Deployment of the canary components, as this generation knows them. */
    private final Map<String, Integer> replicas = new LinkedHashMap<>();
    /** The first step that failed for good: with parallel steps the board's current step may be another. */
    private String failedStep;
    /**
     * Rollout components whose rollout this generation completed or rolled back (true) or left partway, at a
     * {@code canary-rollout} below the last batch (false): what drift repair may put back, and what it leaves alone.
     */
    private final Map<String, Boolean> rolloutsSettled = new LinkedHashMap<>();

    Generation(Application application, RevisionPlan plan, RevisionHistory historyAtStart, ClusterOperations cluster,
            StatusBoard status, Approval approval, RolloutMetrics metrics, RunVersion version) {
        this.application = application;
        this.plan = plan;
        this.historyAtStart = historyAtStart;
        this.history = plan.history();
        this.cluster = cluster;
        this.status = status;
        this.approval = approval;
        this.metrics = metrics;
        this.version = version;
    }

    RevisionHistory history() {
        return history;
    }

    void run() {
        for (Component component : application.components()) {
            if (component.rollout().isPresent()) {
                status.target(component.name(), plan.of(component.name()).targetRevision());
                observe(component.name());
            }
        }
        if (!application.hasDeclaredWorkflow() && version.decidesOutcomes()) {
            runInParallel();
            return;
        }
        if (!application.hasDeclaredWorkflow()) {
            // KubeVela's default: every component applied at once.
            List<Promise<Void>> applies = new ArrayList<>();
            for (WorkflowStep step : application.steps()) {
                applies.add(Async.procedure(() -> runStep(step)));
            }
            Promise.allOf(applies).get();
            for (Promise<Void> apply : applies) {
                apply.get(); // rethrows the first failure
            }
            return;
        }
        for (WorkflowStep step : application.steps()) {
            runStep(step);
        }
    }

    /** Rollout components this generation completed or rolled back (true) or left partway (false). */
    Map<String, Boolean> rolloutsSettled() {
        return rolloutsSettled;
    }

    /** The step whose failure failed the generation, once one has; empty otherwise. */
    Optional<String> failedStep() {
        return Optional.ofNullable(failedStep);
    }

    /**
     * KubeVela's default, every component applied at once, stopped as a whole: when one step fails for good (or
     * the generation is interrupted) the others are cancelled, and this returns only once every one of them has
     * ended. {@code Promise.allOf} failed fast, so compensation ran while siblings were still writing, and their
     * objects outlived "the changes were rolled back" (issue 11, seen 5). Rethrows the first failure.
     */
    private void runInParallel() {
        List<Promise<Void>> steps = new ArrayList<>();
        CancellationScope siblings = Workflow.newCancellationScope(() -> {
            for (WorkflowStep step : application.steps()) {
                steps.add(Async.procedure(() -> runStep(step)));
            }
        });
        siblings.run();
        try {
            Workflow.await(() -> steps.stream().allMatch(Promise::isCompleted)
                    || steps.stream().anyMatch(p -> p.isCompleted() && p.getFailure() != null));
        } finally {
            // Reached by a failure or by an interruption (await throws when the scope is cancelled): either way,
            // nothing is undone until every sibling has stopped writing.
            siblings.cancel("a sibling step failed or the generation was interrupted");
            Workflow.newDetachedCancellationScope(
                    () -> Workflow.await(() -> steps.stream().allMatch(Promise::isCompleted))).run();
        }
        for (Promise<Void> step : steps) {
            RuntimeException failure = step.getFailure();
            if (failure != null && !Outcome.isCancellation(failure)) {
                throw failure;
            }
        }
        for (Promise<Void> step : steps) {
            step.get(); // a cancellation, if that is all there was
        }
    }

    /**
     * After the undo: the status shows the cluster as the undo left it, on the revisions stable before.
     *
     * <p>The undo scales revisions back without waiting for their pods, so the Deployments read right after it
     * are short of ready, and nothing reads them again: a rollback used to leave {@code catalog-v1 stable 4/6} in
     * the status for good while the cluster had 6/6. Runs from {@link RunVersion#settlesAfterUndo()} on first wait
     * until every Deployment the undo left short is ready (within the rollout's progress deadline, as any wait),
     * then report the generation's end: "everything is as before" is then true when it is said. A Deployment
     * that does not get ready in time is shown as it is; the undo is over either way.
     */
    void refreshAfterUndo() {
        for (Component component : application.components()) {
            if (component.rollout().isPresent()) {
                String stable = historyAtStart.of(component.name()).stableRevision();
                status.target(component.name(),
                        stable != null ? stable : plan.of(component.name()).targetRevision());
                List<DeploymentReadiness> observed = observe(component.name());
                // From outcomes on, the compensation itself awaited what it scaled back, before the traffic.
                if (version.settlesAfterUndo() && !version.decidesOutcomes()) {
                    settle(component, observed);
                }
                if (component.canaryTraffic().isPresent()) {
                    status.weights(component.name(), cluster.traffic(component.name()).weights());
                }
            }
        }
    }

    /** Waits for each Deployment whose ready pods are not its desired replicas; each result goes on the board. */
    private void settle(Component component, List<DeploymentReadiness> observed) {
        Duration deadline =
                Duration.ofSeconds(component.rollout().orElseThrow().properties().progressDeadlineSeconds());
        for (DeploymentReadiness deployment : observed) {
            if (deployment.readyReplicas() == deployment.replicas()) {
                continue;
            }
            try {
                status.ready(component.name(), cluster.awaitReady(deployment.name(), deployment.replicas(), deadline));
            } catch (ProgressDeadlineExceeded | ActivityFailure e) {
                log.warn("after the undo, {} is not ready at {} replicas: {}", deployment.name(),
                        deployment.replicas(), e.getMessage());
            }
        }
    }

    private void runStep(WorkflowStep step) {
        LogContext.step(step.name());
        long started = Workflow.currentTimeMillis();
        status.step(step.name(), StepPhase.RUNNING, "");
        try {
            if (step instanceof ApplyComponentStep apply) {
                applyComponent(step.name(), component(apply.properties().component()));
            } else if (step instanceof CanaryRolloutStep rollout) {
                canaryRollout(step.name(), rollout);
            } else if (step instanceof SuspendStep suspend) {
                suspend(suspend);
            } else if (step instanceof CanaryRollbackStep rollback) {
                canaryRollback(step.name(), canaryComponent(rollback.properties().component()));
            }
            status.step(step.name(), StepPhase.SUCCEEDED, "");
        } catch (ProgressDeadlineExceeded | StepFailure | ActivityFailure e) {
            if (failedStep == null && !Outcome.isCancellation(e)) {
                failedStep = step.name();
            }
            throw e;
        } finally {
            metrics.stepFinished(step.type(), Duration.ofMillis(Workflow.currentTimeMillis() - started));
            LogContext.noStep();
        }
    }

    /** {@code apply-component}: the component's objects, and its workload rolled out in full. */
    private void applyComponent(String stepName, Component component) {
        if (component.rollout().isEmpty()) {
            cluster.applyComponent(component, null);
            awaitReady(stepName, null, component.name(), 1, DEFAULT_PROGRESS_DEADLINE);
            return;
        }
        ComponentPlan componentPlan = plan.of(component.name());
        cluster.applyComponent(component, componentPlan.targetRevision());
        RolloutTrait.Properties rollout = component.rollout().orElseThrow().properties();
        rollOut(stepName, component, rollout.lastBatch());
        if (component.canaryTraffic().isPresent() && componentPlan.changesRevision()) {
            shiftTraffic(component.name(), List.of(new RouteWeight(componentPlan.targetRevision(), 100)));
        }
        completeRollout(component);
    }

    /** {@code canary-rollout}: batches up to the partition, then the traffic, then the other components. */
    private void canaryRollout(String stepName, CanaryRolloutStep step) {
        Component component = canaryComponent(step.properties().component());
        RolloutTrait.Properties rollout = component.rollout().orElseThrow().properties();
        cluster.applyComponent(component, plan.of(component.name()).targetRevision());
        int partition = Optional.ofNullable(step.properties().batchPartition())
                .or(() -> Optional.ofNullable(rollout.batchPartition()))
                .orElse(rollout.lastBatch());
        rollOut(stepName, component, partition);
        if (step.properties().traffic() != null) {
            List<RouteWeight> weights = new ArrayList<>();
            for (WeightedTarget target : step.properties().traffic().weightedTargets()) {
                weights.add(new RouteWeight(target.revision(), target.weight()));
            }
            shiftTraffic(component.name(), weights);
        }
        for (Component other : application.components()) {
            if (!other.name().equals(component.name())) {
                reapply(stepName, other);
            }
        }
        if (partition == rollout.lastBatch()) {
            completeRollout(component);
        } else {
            rolloutsSettled.put(component.name(), false);
        }
    }

    /**
     * The batches of the component's rollout up to {@code partition} that are not done yet: the target revision
     * scaled up to the batch's goal and ready, then the stable revision scaled down to the rest (IncreaseFirst).
     */
    private void rollOut(String stepName, Component component, int partition) {
        ComponentPlan componentPlan = plan.of(component.name());
        RolloutTrait.Properties rollout = component.rollout().orElseThrow().properties();
        Duration deadline = Duration.ofSeconds(rollout.progressDeadlineSeconds());
        String target = componentPlan.targetRevision();
        String stable = componentPlan.changesRevision() ? componentPlan.stableRevision() : null;
        cluster.createRevision(component.name(), target, component.properties(), 0, replicas.containsKey(target));
        // From now on the table shows the target, at 0 of 0 until its first batch scales it.
        status.revisionCreated(component.name(), target, component.properties().image(), replicas(target));
        for (int batch = 0; batch <= partition; batch++) {
            int goal = rollout.replicasAfterBatch(batch);
            int rest = rollout.targetSize() - goal;
            boolean done = replicas(target) >= goal && (stable == null || replicas(stable) <= rest);
            if (done) {
                continue;
            }
            String batchName = "batch " + (batch + 1) + " of " + (rollout.lastBatch() + 1);
            status.step(stepName, StepPhase.RUNNING, batchName + ": " + target + " to " + goal + " of "
                    + rollout.targetSize() + " replicas, waiting for its pods");
            scale(target, goal);
            awaitReady(stepName, component.name(), target, goal, deadline);
            if (stable != null) {
                scale(stable, rest);
                // Settled, so the status (and whoever reads it) sees the split as it really is.
                awaitReady(stepName, component.name(), stable, rest, deadline);
            }
            observe(component.name());
            status.step(stepName, StepPhase.RUNNING, batchName + " done: " + target + " " + goal + " of "
                    + rollout.targetSize() + " replicas ready");
        }
    }

    /** Routes traffic without ever naming a subset the DestinationRule lacks (SPEC section 4). */
    private void shiftTraffic(String component, List<RouteWeight> weights) {
        TrafficState current = cluster.traffic(component);
        List<String> wanted = weights.stream().map(RouteWeight::revision).toList();
        List<String> union = new ArrayList<>(current.subsets());
        for (String revision : wanted) {
            if (!union.contains(revision)) {
                union.add(revision);
            }
        }
        TrafficState state = current;
        if (!union.equals(current.subsets()) || !current.destinationRuleExists()) {
            cluster.setSubsets(component, state, union);
            state = new TrafficState(true, union, state.virtualServiceExists(), state.weights());
        }
        cluster.setWeights(component, state, weights);
        state = new TrafficState(state.destinationRuleExists(), state.subsets(), true, weights);
        status.weights(component, weights);
        if (!wanted.equals(union)) {
            cluster.setSubsets(component, state, wanted);
        }
    }

    /** After the last batch: the old revision goes, the target becomes stable. */
    private void completeRollout(Component component) {
        ComponentPlan componentPlan = plan.of(component.name());
        if (componentPlan.changesRevision()) {
            String old = componentPlan.stableRevision();
            cluster.deleteRevision(component.name(), old, workloadOf(component.name(), old), replicas(old));
            replicas.remove(old);
            status.removed(component.name(), old);
        }
        makeStable(component.name(), componentPlan.targetRevision());
        rolloutsSettled.put(component.name(), true);
        observe(component.name());
    }

    /**
     * {@code canary-rollback}: the revision the component ran before its latest rollout began takes all of it
     * back: the stable one while a rollout is unfinished, the previous stable one once it has completed.
     */
    private void canaryRollback(String stepName, Component component) {
        ComponentHistory past = historyAtStart.of(component.name());
        String target = plan.of(component.name()).targetRevision();
        String back = past.stableRevision() != null && !past.stableRevision().equals(target)
                ? past.stableRevision()
                : past.previousStableRevision();
        if (back == null) {
            throw new StepFailure("component " + component.name() + " has no earlier revision to roll back to");
        }
        RolloutTrait.Properties rollout = component.rollout().orElseThrow().properties();
        cluster.createRevision(component.name(), back, workloadOf(component.name(), back), 0,
                replicas.containsKey(back));
        status.revisionCreated(component.name(), back, workloadOf(component.name(), back).image(), replicas(back));
        scale(back, rollout.targetSize());
        awaitReady(stepName, component.name(), back, rollout.targetSize(),
                Duration.ofSeconds(rollout.progressDeadlineSeconds()));
        shiftTraffic(component.name(), List.of(new RouteWeight(back, 100)));
        for (DeploymentReadiness deployment : observe(component.name())) {
            if (!deployment.name().equals(back)) {
                scale(deployment.name(), 0);
                cluster.deleteRevision(component.name(), deployment.name(),
                        workloadOf(component.name(), deployment.revision()), 0);
                replicas.remove(deployment.name());
                status.removed(component.name(), deployment.name());
            }
        }
        makeStable(component.name(), back);
        rolloutsSettled.put(component.name(), true);
        status.target(component.name(), back);
        observe(component.name());
    }

    private void suspend(SuspendStep step) {
        approval.begin(step.name());
        status.step(step.name(), StepPhase.SUSPENDED, "");
        status.phase(GenerationPhase.SUSPENDED, "waiting for resume at step " + step.name());
        try {
            Optional<Duration> limit = step.properties().autoResumeAfter();
            if (limit.isPresent()) {
                // Workflow time, the clock the auto-resume timer runs on: deterministic, and the same on replay.
                status.resumesAt(step.name(), Workflow.currentTimeMillis() + limit.get().toMillis());
                boolean resumed = Deadline.await(limit.get(), "auto-resume " + step.name() + " after "
                        + step.properties().duration(), version.cancelsSpentTimers(), approval::isResumed);
                status.resumesAt(step.name(), -1);
                status.step(step.name(), StepPhase.SUSPENDED, resumed ? "resumed" : "resumed after "
                        + step.properties().duration());
            } else {
                Workflow.await(approval::isResumed);
            }
        } finally {
            approval.end();
        }
        status.phase(GenerationPhase.RUNNING, "");
    }

    /** Other components, during a canary step: their objects, re-applied (unchanged ones are no-ops). */
    private void reapply(String stepName, Component component) {
        if (component.rollout().isEmpty()) {
            cluster.applyComponent(component, null);
            awaitReady(stepName, null, component.name(), 1, DEFAULT_PROGRESS_DEADLINE);
        } else {
            cluster.applyComponent(component, plan.of(component.name()).targetRevision());
        }
    }

    private void makeStable(String component, String revision) {
        ComponentHistory before = history.of(component);
        history = history.with(before.withStable(revision));
        status.history(history);
    }

    private void scale(String deployment, int count) {
        cluster.scale(deployment, replicas(deployment), count);
        replicas.put(deployment, count);
        status.scaled(deployment, count);
    }

    /**
     * A readiness wait within the step's progress deadline. While it lasts, the step's status says when the
     * deadline passes (workflow time, as the deadline's timer counts it); the ready pods themselves reach readers
     * through the wait's heartbeats (see {@link StatusBoard}). Its result goes on the board at once, so the table
     * does not lag the cluster until the next observation.
     *
     * @param component the rollout component the Deployment is a revision of; null for a component without one
     */
    private DeploymentReadiness awaitReady(String stepName, String component, String deployment, int count,
            Duration deadline) {
        status.waiting(stepName, Workflow.currentTimeMillis() + deadline.toMillis());
        try {
            DeploymentReadiness ready = cluster.awaitReady(deployment, count, deadline);
            if (component != null) {
                status.ready(component, ready);
            }
            return ready;
        } finally {
            status.waiting(stepName, -1);
        }
    }

    private int replicas(String deployment) {
        return replicas.getOrDefault(deployment, 0);
    }

    private List<DeploymentReadiness> observe(String component) {
        List<DeploymentReadiness> observed = cluster.observe(component);
        for (DeploymentReadiness deployment : observed) {
            replicas.put(deployment.name(), deployment.replicas());
        }
        status.observed(component, observed);
        return observed;
    }

    private dev.velatemporal.model.WebserviceProperties workloadOf(String component, String revision) {
        return history.of(component).revision(revision)
                .orElseThrow(() -> new StepFailure("revision " + revision + " of " + component
                        + " is not in the history, so it cannot be recreated"))
                .workload();
    }

    private Component component(String name) {
        return application.component(name)
                .orElseThrow(() -> new StepFailure("no component named " + name));
    }

    /** The component a canary step names, or the first one (as in KubeVela v1.1). */
    private Component canaryComponent(String named) {
        return named != null ? component(named) : application.components().get(0);
    }
}
