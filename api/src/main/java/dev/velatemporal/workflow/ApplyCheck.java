package dev.velatemporal.workflow;

import java.util.List;

/**
 * What an apply of a spec would do, judged by the workflow against its own state before the starter sends it:
 * whether the spec is the one already applied (a no-op), and the problems the revision history finds (docs/behaviour.md
 * section 2: a {@code weightedTargets} revision that is neither the stable one nor the one this spec creates).
 * The starter refuses the apply on a problem, so nothing is started.
 *
 * @param generation the latest generation, 0 before the first apply
 * @param problems each as {@code path: message}
 */
public record ApplyCheck(boolean unchanged, int generation, List<String> problems) {

    public ApplyCheck {
        problems = List.copyOf(problems);
    }
}
