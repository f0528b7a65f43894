package dev.velatemporal.revision;

import java.util.ArrayList;
import java.util.List;

/**
 * The revision history of an Application's components. A list, not a map: workflow code iterates it, and its
 * order must be the same on every replay.
 */
public record RevisionHistory(List<ComponentHistory> components) {

    public RevisionHistory {
        components = List.copyOf(components);
    }

    public static RevisionHistory empty() {
        return new RevisionHistory(List.of());
    }

    public ComponentHistory of(String component) {
        return components.stream()
                .filter(c -> c.component().equals(component))
                .findFirst()
                .orElseGet(() -> ComponentHistory.empty(component));
    }

    /** This history with {@code updated} replacing the component's entry (or added, for a new component). */
    public RevisionHistory with(ComponentHistory updated) {
        List<ComponentHistory> all = new ArrayList<>();
        boolean replaced = false;
        for (ComponentHistory existing : components) {
            if (existing.component().equals(updated.component())) {
                all.add(updated);
                replaced = true;
            } else {
                all.add(existing);
            }
        }
        if (!replaced) {
            all.add(updated);
        }
        return new RevisionHistory(all);
    }
}
