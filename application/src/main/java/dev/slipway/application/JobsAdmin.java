package dev.slipway.application;

import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.MutationRunner;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an administrator does with scheduled jobs ({@code slipway jobs list|cancel}): list the jobs of
 * one state by scheduled time, and cancel a pending job. Unlike {@code ctx.scheduler.cancel}, which
 * also cancels a running action and quietly ignores a finished job (as Convex does), the admin cancel
 * answers whether it canceled: a job that is no longer pending is refused, naming its state.
 */
final class JobsAdmin {
    private static final List<String> STATES = List.of(
            ScheduledJobs.PENDING,
            ScheduledJobs.IN_PROGRESS,
            ScheduledJobs.SUCCESS,
            ScheduledJobs.FAILED,
            ScheduledJobs.CANCELED);

    private JobsAdmin() {}

    /**
     * Up to {@code limit} jobs in state {@code state}, by scheduled time.
     *
     * @throws ApplicationException ({@link ScheduledJob#INVALID_JOB_STATE}) for an unknown state
     */
    static List<ScheduledJob> list(Database db, String state, int limit) {
        if (!STATES.contains(state)) {
            throw new ApplicationException(
                    ScheduledJob.INVALID_JOB_STATE,
                    "Unknown job state \"" + state + "\"; the states are " + String.join(", ", STATES));
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        Transaction tx = db.begin();
        try {
            List<ScheduledJob> jobs = new ArrayList<>();
            QueryStream stream = ScheduledJobs.byState(tx, state);
            while (jobs.size() < limit && stream.hasNext()) {
                jobs.add(ScheduledJob.of(stream.next()));
            }
            return jobs;
        } finally {
            tx.abort();
        }
    }

    /**
     * Cancels the pending job {@code encodedId} in one transaction; the scheduler, which watches the
     * pending jobs, never starts it.
     *
     * @return the job as canceled
     * @throws ApplicationException {@link ScheduledJob#INVALID_JOB_ID} for a string that is no job id,
     *     {@link ScheduledJob#JOB_NOT_FOUND} when there is no such job, {@link ScheduledJob#JOB_NOT_PENDING}
     *     when it already started or finished
     */
    static ScheduledJob cancel(MutationRunner runner, String encodedId, long nowMillis) {
        return runner.runSystem(tx -> {
                    DocumentId id = jobId(tx, encodedId);
                    Value.Obj job = tx.get(id)
                            .orElseThrow(() -> new ApplicationException(
                                    ScheduledJob.JOB_NOT_FOUND,
                                    "No scheduled job " + encodedId + " in " + ScheduledJobs.TABLE
                                            + " (finished jobs are deleted after their retention period)"));
                    String state = ScheduledJobs.kind(job);
                    if (!state.equals(ScheduledJobs.PENDING)) {
                        throw new ApplicationException(
                                ScheduledJob.JOB_NOT_PENDING,
                                "Scheduled job " + encodedId + " ("
                                        + ScheduledJob.of(job).name() + ") is " + state
                                        + ", not pending, so it cannot be canceled");
                    }
                    tx.patchInSystemTable(
                            id, ScheduledJobs.finished(ScheduledJobs.state(ScheduledJobs.CANCELED), nowMillis));
                    return ScheduledJob.of(tx.get(id).orElseThrow());
                })
                .value();
    }

    private static DocumentId jobId(Transaction tx, String encoded) {
        Optional<DocumentId> id = DocumentId.decode(encoded);
        if (id.isEmpty()) {
            throw new ApplicationException(
                    ScheduledJob.INVALID_JOB_ID, "\"" + encoded + "\" is not a document id, so not a scheduled job id");
        }
        int table = tx.catalog()
                .table(ScheduledJobs.TABLE)
                .map(Catalog.Table::number)
                .orElse(-1);
        if (id.get().tableNumber() != table) {
            throw new ApplicationException(
                    ScheduledJob.JOB_NOT_FOUND,
                    "No scheduled job " + encoded + ": it is an id of table "
                            + tx.catalog()
                                    .table(id.get().tableNumber())
                                    .map(Catalog.Table::name)
                                    .orElse("(none)")
                            + ", not of " + ScheduledJobs.TABLE);
        }
        return id.get();
    }
}
