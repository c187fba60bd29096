package dev.slipway.application;

import dev.slipway.database.MutationRunner;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Garbage collection of what the scheduler leaves behind, as Convex does it: finished jobs are
 * deleted from {@code _scheduled_functions} once their {@code completedTime} is older than the
 * retention ({@link SchedulerOptions#jobRetention()}, a week by default), found in completion order
 * through the index {@code by_completed_time}; and {@code _cron_job_logs} keeps the newest {@value
 * #LOGS_PER_CRON} runs of each cron, and none of a cron a push removed. Both delete in system
 * transactions of at most {@value #BATCH} documents.
 */
final class FinishedJobs {
    /** {@code _scheduled_functions.by_completed_time}: finished jobs by {@code completedTime}. */
    static final String BY_COMPLETED_TIME = "by_completed_time";

    /** Most documents deleted by one transaction (Convex's {@code SCHEDULED_JOB_GARBAGE_COLLECTION_BATCH_SIZE}). */
    static final int BATCH = 1_000;

    /** Runs of each cron kept in {@code _cron_job_logs} (Convex's {@code MAX_LOGS_PER_CRON}). */
    static final int LOGS_PER_CRON = 5;

    private FinishedJobs() {}

    /**
     * One collection pass.
     *
     * @param deleted how many jobs it deleted
     * @param more whether it stopped at {@link #BATCH} with more jobs already expired
     * @param nextExpiry when the oldest job it kept expires, if any finished job is left
     */
    record Sweep(int deleted, boolean more, Optional<Long> nextExpiry) {}

    /** Deletes up to {@link #BATCH} jobs that finished at or before {@code nowMillis - retentionMillis}. */
    static Sweep sweep(MutationRunner runner, long nowMillis, long retentionMillis) {
        return runner.runSystem(tx -> {
                    QueryStream finished = byCompletedTime(tx);
                    int deleted = 0;
                    while (finished.hasNext()) {
                        Value.Obj job = finished.next();
                        long expires = (long) Math.ceil(completedTime(job)) + retentionMillis;
                        if (expires > nowMillis) {
                            return new Sweep(deleted, false, Optional.of(expires));
                        }
                        if (deleted == BATCH) {
                            return new Sweep(deleted, true, Optional.of(expires));
                        }
                        tx.delete(ScheduledJobs.id(job));
                        deleted++;
                    }
                    return new Sweep(deleted, false, Optional.empty());
                })
                .value();
    }

    /**
     * Trims {@code _cron_job_logs} to the newest {@link #LOGS_PER_CRON} runs of each cron that still
     * exists, and removes the runs of crons that no longer do.
     *
     * @return how many log documents it deleted
     */
    static int trimCronLogs(MutationRunner runner) {
        int total = 0;
        while (true) {
            int deleted = runner.runSystem(FinishedJobs::trimBatch).value();
            total += deleted;
            if (deleted < BATCH) {
                return total;
            }
        }
    }

    private static int trimBatch(Transaction tx) {
        Set<String> crons = new HashSet<>();
        CronJobs.all(tx).forEachRemaining(cron -> crons.add(CronJobs.spec(cron).name()));
        Map<String, List<DocumentId>> byName = new LinkedHashMap<>();
        String query = "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"" + CronJobs.LOG_TABLE + "."
                + CronJobs.BY_NAME + "\",\"order\":\"asc\",\"range\":[]},\"operators\":[]}";
        tx.query(QueryPlanner.plan(SerializedQuery.parse(query), tx.catalog())).forEachRemaining(log -> {
            String name = log.fields().get("name") instanceof Value.Str(String n) ? n : "";
            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(ScheduledJobs.id(log));
        });
        int deleted = 0;
        for (Map.Entry<String, List<DocumentId>> runs : byName.entrySet()) {
            List<DocumentId> ids = runs.getValue(); // oldest first: the index ends with _creationTime
            int keep = crons.contains(runs.getKey()) ? LOGS_PER_CRON : 0;
            for (int i = 0; i < ids.size() - keep && deleted < BATCH; i++) {
                tx.delete(ids.get(i));
                deleted++;
            }
        }
        return deleted;
    }

    private static QueryStream byCompletedTime(Transaction tx) {
        String query = "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"" + ScheduledJobs.TABLE + "."
                + BY_COMPLETED_TIME + "\",\"order\":\"asc\",\"range\":[{\"type\":\"Gt\",\"fieldPath\":"
                + "\"completedTime\",\"value\":null}]},\"operators\":[]}";
        return tx.query(QueryPlanner.plan(SerializedQuery.parse(query), tx.catalog()));
    }

    private static double completedTime(Value.Obj job) {
        return job.fields().get("completedTime") instanceof Value.Float64(double ms) ? ms : 0;
    }
}
