package dev.slipway.application;

import dev.slipway.isolate.FunctionKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One function execution in a deployment's {@link FunctionLog}: what {@code slipway logs} prints and
 * {@code GET /d/<dep>/admin/logs} returns.
 *
 * @param id the entry's place in the log, as a cursor: reading the log after it continues with the
 *     next entry
 * @param timestamp when the execution started, in milliseconds since the epoch (the deployment's clock)
 * @param function what ran: the function path ({@code messages:send}), or for an HTTP action the
 *     method and path ({@code GET /hello})
 * @param kind query, mutation, action or HTTP action
 * @param success whether it returned a value (for an HTTP action: produced a response)
 * @param durationMs how long it took, in milliseconds, including OCC retries of a mutation
 * @param logLines its console lines as the client prints them ({@code [LOG] 'text'}), oldest first
 * @param error the failure's message, when it failed
 * @param requestId the request it served
 * @param caller where the request came from (a client, an administrator, the scheduler, a cron, an
 *     HTTP action)
 * @param jobId for a scheduled job and the functions it called, the job's {@code _scheduled_functions} id
 */
public record FunctionLogEntry(
        String id,
        long timestamp,
        String function,
        FunctionKind kind,
        boolean success,
        double durationMs,
        List<String> logLines,
        Optional<String> error,
        String requestId,
        FunctionCall.Origin caller,
        Optional<String> jobId) {

    public FunctionLogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(kind, "kind");
        logLines = List.copyOf(logLines);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(jobId, "jobId");
    }

    /** The same entry at place {@code newId}. */
    FunctionLogEntry withId(String newId) {
        return new FunctionLogEntry(
                newId, timestamp, function, kind, success, durationMs, logLines, error, requestId, caller, jobId);
    }
}
