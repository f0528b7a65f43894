package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;

/**
 * The {@code apply} signal: the Application, and whether to run an unchanged spec again anyway.
 *
 * @param sender who sends it ({@code user@host}, or the starter's {@code --as}), for the workflow to record when
 *     the signal itself carries no {@code vela-sender} header (a signal-with-start's signal: its header is the
 *     start's, which not every server copies to the signal); the header, when there is one, goes first. Null from
 *     callers that do not say (the {@code temporal} CLI, starters before it existed).
 */
public record ApplyRequest(Application application, boolean force, String sender) {

    public ApplyRequest(Application application, boolean force) {
        this(application, force, null);
    }
}
