package dev.velatemporal.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for an Application's workflow to record something new, by long-polling its history. Every change of the
 * status document happens in a workflow task, and every workflow task adds events, so this is a watch on the
 * status without polling the query. When a run ends (continue-as-new between generations), the cursor moves to
 * the next run.
 */
final class HistoryCursor {

    private final ApplicationClient client;
    private final ApplicationRef ref;
    /** How long to wait instead, where the server cannot long-poll a history (Temporal's Java test server). */
    private static final Duration FALLBACK_WAIT = Duration.ofMillis(250);

    private WorkflowExecution run;
    private ByteString token = ByteString.EMPTY;
    private boolean longPollUnsupported;

    HistoryCursor(ApplicationClient client, ApplicationRef ref) {
        this.client = client;
        this.ref = ref;
    }

    /** Returns when the history grew, the run ended, or {@code patience} passed, whichever is first. */
    void awaitChange(Duration patience) {
        if (longPollUnsupported) {
            sleep(FALLBACK_WAIT.compareTo(patience) < 0 ? FALLBACK_WAIT : patience);
            return;
        }
        if (run == null) {
            run = client.runningExecution(ref).orElse(null);
            token = ByteString.EMPTY;
            if (run == null) {
                return;
            }
        }
        try {
            GetWorkflowExecutionHistoryResponse response;
            do {
                response = client.connection().stubs().blockingStub()
                        .withDeadlineAfter(patience.toMillis(), TimeUnit.MILLISECONDS)
                        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                                .setNamespace(client.connection().namespace())
                                .setExecution(run)
                                .setWaitNewEvent(true)
                                .setNextPageToken(token)
                                .build());
                token = response.getNextPageToken();
                // The first call returns the history so far, page by page: read to its end, then wait.
            } while (response.getHistory().getEventsCount() > 0 && !token.isEmpty() && isFirstRead(response));
            if (token.isEmpty()) {
                run = null;
            }
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNKNOWN || code == Status.Code.INTERNAL || code == Status.Code.UNIMPLEMENTED) {
                // The Java test server (the dev stack's Temporal) fails a history long-poll that waits at the end
                // of the history; a real server does not. Looking again shortly is what is left.
                longPollUnsupported = true;
            } else if (code != Status.Code.DEADLINE_EXCEEDED) {
                run = null;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isFirstRead(GetWorkflowExecutionHistoryResponse response) {
        return response.getHistory().getEvents(0).getEventId() == 1;
    }
}
