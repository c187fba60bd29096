package dev.slipway.application;

import dev.slipway.value.Value;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduled job as the admin API shows it ({@code GET jobs}, {@code POST jobs/cancel}): a row of
 * {@code _scheduled_functions} with its function in the client form.
 *
 * @param id the job's {@code _scheduled_functions} id
 * @param name the function, {@code messages:send}
 * @param scheduledTime when it is (or was) due, in milliseconds since the epoch
 * @param state {@code pending}, {@code inProgress}, {@code success}, {@code failed} or {@code canceled}
 * @param error why it failed, for {@code failed}
 * @param completedTime when it finished, once it has
 * @param args the stored arguments: an array holding the one argument object
 */
public record ScheduledJob(
        String id,
        String name,
        double scheduledTime,
        String state,
        Optional<String> error,
        Optional<Double> completedTime,
        Value.Array args) {

    /** Error code: the id is not an id of {@code _scheduled_functions}. */
    public static final String INVALID_JOB_ID = "InvalidJobId";
    /** Error code: the state asked for is not one of the five. */
    public static final String INVALID_JOB_STATE = "InvalidJobState";
    /** Error code: no job has that id (it never existed, or it finished and was deleted after its retention). */
    public static final String JOB_NOT_FOUND = "JobNotFound";
    /** Error code: the job is no longer pending, so it cannot be canceled from outside. */
    public static final String JOB_NOT_PENDING = "JobNotPending";

    public ScheduledJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(completedTime, "completedTime");
        Objects.requireNonNull(args, "args");
    }

    /** The job document {@code doc} of {@code _scheduled_functions}. */
    static ScheduledJob of(Value.Obj doc) {
        String stored = ScheduledJobs.name(doc);
        String name;
        try {
            name = FunctionPath.parse(stored).toString();
        } catch (ApplicationException e) {
            name = stored;
        }
        Optional<String> error = doc.fields().get("state") instanceof Value.Obj state
                        && state.fields().get("error") instanceof Value.Str(String message)
                ? Optional.of(message)
                : Optional.empty();
        Optional<Double> completed = doc.fields().get("completedTime") instanceof Value.Float64(double ms)
                ? Optional.of(ms)
                : Optional.empty();
        Value.Array args =
                doc.fields().get("args") instanceof Value.Array array ? array : new Value.Array(java.util.List.of());
        return new ScheduledJob(
                ScheduledJobs.id(doc).encode(),
                name,
                ScheduledJobs.scheduledTime(doc),
                ScheduledJobs.kind(doc),
                error,
                completed,
                args);
    }
}
