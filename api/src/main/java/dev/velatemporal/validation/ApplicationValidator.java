package dev.velatemporal.validation;

import dev.velatemporal.model.Application;
import java.util.List;

/**
 * The semantic checks of an Application (docs/behaviour.md section 2, "Validation"): names, ports, batches, weights,
 * and that every step refers to a component that can do what the step asks. Judges the Application alone; checks
 * against the revision history happen when it is applied. Runs in the CLI and again in the worker.
 */
public final class ApplicationValidator {

    private final MetadataRules metadata = new MetadataRules();
    private final ComponentRules components = new ComponentRules();
    private final TraitRules traits = new TraitRules();
    private final WorkflowRules workflow = new WorkflowRules();

    public List<Problem> validate(Application application) {
        Problems problems = new Problems();
        metadata.check(application, problems);
        components.check(application, problems);
        traits.check(application, problems);
        workflow.check(application, problems);
        return problems.list();
    }
}
