package dev.velatemporal.worker.workflow;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WorkflowStep;
import dev.velatemporal.render.RouteWeight;
import dev.velatemporal.revision.ComponentHistory;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.ComponentStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StatusEvent;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The status document as the workflow keeps it current: phases, steps, and per component the replicas and
 * weights its activities reported. Workflow code: no I/O, only what activities returned, and times only from
 * {@code Workflow.currentTimeMillis()}. Nothing here issues a command, so what the board shows can change
 * without versioning.
 *
 * <p>A revision is on the board from the moment the generation creates its Deployment (0 of 0), its desired
 * replicas from the moment a scale sets them, and its ready ones as the last read or the end of the last wait
 * found them. Between those, while {@code AwaitReady} waits, the pods' progress is in that activity's heartbeat
 * details ({@code ReadinessProgress}: desired, updated and ready pods, sent as they change), which Temporal keeps
 * on the pending activity: {@code DescribeWorkflowExecution} returns them and the Temporal UI shows them. The
 * starter merges them into the document it prints ({@code client.LiveReadiness}). They are deliberately not
 * signalled into the workflow: a signal per pod change would grow the history with every pod and wake the
 * workflow for something it decides nothing on, whereas heartbeats are sent anyway, add no events, and survive
 * in the describe output. What the board does record is when each wait's progress deadline passes and when a
 * timed suspend resumes, so a reader can say how long is left.
 */
final class StatusBoard {

    private static final int MAX_EVENTS = 20;

    private final String application;
    private final String namespace;
    private final String workflowId;
    private int generation;
    private GenerationPhase phase = GenerationPhase.PENDING;
    private String message = "waiting for the first apply";
    private String currentStep = "";
    private final List<StepStatus> steps = new ArrayList<>();
    private final List<StatusEvent> events = new ArrayList<>();
    /** Per canary component: its Deployments as last observed, and its weights as last set. */
    private final Map<String, Map<String, DeploymentReadiness>> deployments = new LinkedHashMap<>();
    private final Map<String, List<RouteWeight>> weights = new LinkedHashMap<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private Application spec;
    private RevisionHistory history = RevisionHistory.empty();
    private Consumer<ApplicationStatus> listener = status -> { };
    private Ending ending = (generation, phase, message, at) -> { };

    /** Told each time a generation's phase becomes a finished one (the generation record keeps the first). */
    interface Ending {
        void ended(int generation, GenerationPhase phase, String message, String at);
    }

    StatusBoard(String application, String namespace, String workflowId) {
        this.application = application;
        this.namespace = namespace;
        this.workflowId = workflowId;
    }

    /** Picks up where the previous run of the workflow left the document. */
    static StatusBoard resume(ApplicationStatus previous, Application lastApplied, RevisionHistory history,
            String application, String namespace, String workflowId) {
        StatusBoard board = new StatusBoard(application, namespace, workflowId);
        board.spec = lastApplied;
        board.history = history;
        if (previous != null) {
            board.generation = previous.generation();
            board.phase = previous.phase();
            board.message = previous.message();
            board.currentStep = previous.currentStep();
            board.steps.addAll(previous.steps());
            board.events.addAll(previous.events());
            for (ComponentStatus component : previous.components()) {
                Map<String, DeploymentReadiness> byName = new LinkedHashMap<>();
                List<RouteWeight> componentWeights = new ArrayList<>();
                for (RevisionStatus revision : component.revisions()) {
                    byName.put(revision.name(), new DeploymentReadiness(revision.name(), revision.name(),
                            revision.image(), revision.replicas(), revision.readyReplicas()));
                    componentWeights.add(new RouteWeight(revision.name(), revision.weight()));
                }
                board.deployments.put(component.name(), byName);
                board.weights.put(component.name(), componentWeights);
                board.targets.put(component.name(), component.targetRevision());
            }
        }
        return board;
    }

    /** {@code listener} sees the document after every change, and once now. */
    void onChange(Consumer<ApplicationStatus> listener) {
        this.listener = listener;
        changed();
    }

    void onEnding(Ending ending) {
        this.ending = ending;
    }

    private void changed() {
        listener.accept(snapshot());
    }

    void startGeneration(int generation, Application spec, List<WorkflowStep> stepList) {
        this.generation = generation;
        this.spec = spec;
        this.phase = GenerationPhase.RUNNING;
        this.message = "";
        this.currentStep = "";
        steps.clear();
        for (WorkflowStep step : stepList) {
            steps.add(new StepStatus(step.name(), step.type(), StepPhase.PENDING, ""));
        }
        changed();
    }

    void phase(GenerationPhase phase, String message) {
        this.phase = phase;
        this.message = message;
        if (phase.isFinished()) {
            currentStep = "";
            ending.ended(generation, phase, message, instant(Workflow.currentTimeMillis()));
        }
        changed();
    }

    GenerationPhase phase() {
        return phase;
    }

    int generation() {
        return generation;
    }

    /**
     * A step's phase and message. A running step keeps the deadline of the wait it is in, a suspended one the
     * time it resumes by itself; any other phase has neither.
     */
    void step(String name, StepPhase stepPhase, String stepMessage) {
        updateStep(name, step -> new StepStatus(step.name(), step.type(), stepPhase, stepMessage,
                stepPhase == StepPhase.RUNNING ? step.progressDeadline() : "",
                stepPhase == StepPhase.SUSPENDED ? step.resumesAt() : ""));
        if (stepPhase == StepPhase.RUNNING || stepPhase == StepPhase.SUSPENDED) {
            currentStep = name;
        }
        changed();
    }

    /**
     * The step waits for pods until {@code deadlineMillis} (workflow time, when its progress deadline passes); a
     * negative value: it no longer waits. The status says when, not how long is left: a query must not depend on
     * the time it is asked at, and the reader knows its own clock.
     */
    void waiting(String name, long deadlineMillis) {
        updateStep(name, step -> new StepStatus(step.name(), step.type(), step.phase(), step.message(),
                deadlineMillis < 0 ? "" : instant(deadlineMillis), step.resumesAt()));
        changed();
    }

    /** The suspended step resumes by itself at {@code resumeMillis} (workflow time); negative: it does not. */
    void resumesAt(String name, long resumeMillis) {
        updateStep(name, step -> new StepStatus(step.name(), step.type(), step.phase(), step.message(),
                step.progressDeadline(), resumeMillis < 0 ? "" : instant(resumeMillis)));
        changed();
    }

    private void updateStep(String name, UnaryOperator<StepStatus> change) {
        for (int i = 0; i < steps.size(); i++) {
            StepStatus step = steps.get(i);
            if (step.name().equals(name)) {
                steps.set(i, change.apply(step));
            }
        }
    }

    private static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** Marks every step still pending or running with {@code stepPhase} (a generation that ended early). */
    void closeOpenSteps(StepPhase stepPhase) {
        for (int i = 0; i < steps.size(); i++) {
            StepStatus step = steps.get(i);
            if (step.phase() == StepPhase.PENDING || step.phase() == StepPhase.RUNNING
                    || step.phase() == StepPhase.SUSPENDED) {
                steps.set(i, new StepStatus(step.name(), step.type(), stepPhase, step.message()));
            }
        }
        changed();
    }

    String currentStep() {
        return currentStep;
    }

    void event(String text) {
        events.add(new StatusEvent(instant(Workflow.currentTimeMillis()), text));
        while (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
        changed();
    }

    void history(RevisionHistory history) {
        this.history = history;
        changed();
    }

    void target(String component, String revision) {
        targets.put(component, revision);
        changed();
    }

    void observed(String component, List<DeploymentReadiness> observed) {
        Map<String, DeploymentReadiness> byName = new LinkedHashMap<>();
        for (DeploymentReadiness deployment : observed) {
            byName.put(deployment.name(), deployment);
        }
        deployments.put(component, byName);
        changed();
    }

    /**
     * A revision Deployment the generation has just created (or made sure of): shown from now on, with the
     * replicas it was created with and, when the board has not seen it yet, none ready.
     */
    void revisionCreated(String component, String deployment, String image, int replicas) {
        deployments.computeIfAbsent(component, c -> new LinkedHashMap<>())
                .putIfAbsent(deployment, new DeploymentReadiness(deployment, deployment, image, replicas, 0));
        changed();
    }

    /** A scale just set a Deployment's desired replicas; its ready ones are as last seen until it is read again. */
    void scaled(String deployment, int replicas) {
        for (Map<String, DeploymentReadiness> byName : deployments.values()) {
            byName.computeIfPresent(deployment, (name, was) -> new DeploymentReadiness(was.name(), was.revision(),
                    was.image(), replicas, was.readyReplicas()));
        }
        changed();
    }

    /** What a readiness wait found at its end; a Deployment that is not there (goal 0) leaves the table. */
    void ready(String component, DeploymentReadiness readiness) {
        Map<String, DeploymentReadiness> byName = deployments.computeIfAbsent(component, c -> new LinkedHashMap<>());
        if (readiness.image() == null && readiness.replicas() == 0) {
            byName.remove(readiness.name());
        } else {
            byName.put(readiness.name(), readiness);
        }
        changed();
    }

    /** A revision Deployment the generation deleted. */
    void removed(String component, String deployment) {
        Map<String, DeploymentReadiness> byName = deployments.get(component);
        if (byName != null) {
            byName.remove(deployment);
        }
        changed();
    }

    /** A revision Deployment garbage collection deleted, whichever component it was shown under. */
    void gone(String deployment) {
        deployments.values().forEach(byName -> byName.remove(deployment));
        changed();
    }

    /**
     * The {@code delete} signal removed every object of the Application: no Deployment and no route is left
     * (the deletion listed the Deployments it deleted from the cluster, and each delete succeeded).
     */
    void everythingDeleted() {
        deployments.clear();
        weights.clear();
        changed();
    }

    void weights(String component, List<RouteWeight> routeWeights) {
        weights.put(component, List.copyOf(routeWeights));
        changed();
    }

    ApplicationStatus snapshot() {
        return new ApplicationStatus(application, namespace, workflowId, generation, phase, message, currentStep,
                steps, components(), events);
    }

    private List<ComponentStatus> components() {
        List<ComponentStatus> result = new ArrayList<>();
        if (spec == null) {
            return result;
        }
        for (Component component : spec.components()) {
            if (component.rollout().isEmpty()) {
                continue;
            }
            ComponentHistory past = history.of(component.name());
            List<RouteWeight> routeWeights = weights.getOrDefault(component.name(), List.of());
            List<RevisionStatus> revisions = new ArrayList<>();
            Map<String, DeploymentReadiness> live = deployments.getOrDefault(component.name(), Map.of());
            for (DeploymentReadiness deployment : live.values()) {
                String revision = deployment.revision() != null ? deployment.revision() : deployment.name();
                revisions.add(new RevisionStatus(revision, deployment.image(), deployment.replicas(),
                        deployment.readyReplicas(), weightOf(revision, routeWeights, live.size())));
            }
            result.add(new ComponentStatus(component.name(), past.stableRevision(),
                    targets.getOrDefault(component.name(), past.stableRevision()), revisions));
        }
        return result;
    }

    /** The route's share for a revision; with no subsets the only revision takes it all (SPEC section 3). */
    private static int weightOf(String revision, List<RouteWeight> routeWeights, int liveRevisions) {
        if (routeWeights.isEmpty()) {
            return liveRevisions == 1 ? 100 : 0;
        }
        return routeWeights.stream().filter(w -> w.revision().equals(revision)).mapToInt(RouteWeight::weight).sum();
    }
}
