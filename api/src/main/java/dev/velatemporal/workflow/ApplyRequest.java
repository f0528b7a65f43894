package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;

/** The {@code apply} signal: the Application, and whether to run an unchanged spec again anyway. */
public record ApplyRequest(Application application, boolean force) {}
