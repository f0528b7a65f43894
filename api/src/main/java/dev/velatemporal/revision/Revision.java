package dev.velatemporal.revision;

import dev.velatemporal.model.WebserviceProperties;

/** A component revision: its name ({@code reviews-v2}) and the workload it runs, kept to recreate it later. */
public record Revision(String name, WebserviceProperties workload) {}
