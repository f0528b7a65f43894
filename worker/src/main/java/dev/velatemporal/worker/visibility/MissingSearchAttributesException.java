package dev.velatemporal.worker.visibility;

import dev.velatemporal.workflow.VelaSearchAttributes;
import java.util.List;

/** The Temporal namespace lacks search attributes the workflow sets; the message says how to create them. */
public final class MissingSearchAttributesException extends RuntimeException {

    private final List<String> missing;

    public MissingSearchAttributesException(String namespace, List<String> missing) {
        super("Temporal namespace " + namespace + " lacks the search attribute" + (missing.size() == 1 ? " " : "s ")
                + String.join(", ", missing) + " (Keyword), which every Application workflow sets; create "
                + (missing.size() == 1 ? "it" : "them") + " with:\n  "
                + String.join("\n  ", VelaSearchAttributes.createCommands(namespace, missing))
                + "\n(add --address and TLS options as for the worker; docker-compose.temporal.yml does this for"
                + " its own server)");
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
