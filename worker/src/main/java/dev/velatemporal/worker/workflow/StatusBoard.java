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

/**
 * The status document as the workflow keeps it current: phases, steps, and per component the replicas and
 * weights its activities reported. Workflow code: no I/O, only what activities returned.
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
        }
        changed();
    }

    GenerationPhase phase() {
        return phase;
    }

    int generation() {
        return generation;
    }

    void step(String name, StepPhase stepPhase, String stepMessage) {
        for (int i = 0; i < steps.size(); i++) {
            StepStatus step = steps.get(i);
            if (step.name().equals(name)) {
                steps.set(i, new StepStatus(step.name(), step.type(), stepPhase, stepMessage));
            }
        }
        if (stepPhase == StepPhase.RUNNING || stepPhase == StepPhase.SUSPENDED) {
            currentStep = name;
        }
        changed();
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
        events.add(new StatusEvent(Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString(), text));
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
