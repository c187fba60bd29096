package dev.slipway.application;

import dev.slipway.application.PushReport.JobCheck;
import dev.slipway.application.PushReport.JobProblem;
import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Timestamp;
import dev.slipway.schema.TableResolver;
import dev.slipway.schema.ValidationError;
import dev.slipway.schema.ValidationException;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gate 3 of a push (ARCHITECTURE §7): the pending scheduled jobs against the pushed functions.
 * Scheduled functions always run the current version (Convex's rule), so a job scheduled under the
 * current code runs the pushed code once it is live: a job whose function the push removes (or turns
 * into a query), or whose stored arguments the new args validator refuses, would fail. Each is an
 * error naming the job, its function and when it is due.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Only jobs that can newly fail</b> are read: those of a function the push removes or changes
 *       (kind or args). Jobs of a function the current code lacks already fail, with or without the
 *       push. With no such function, nothing is read at all.
 *   <li><b>One snapshot, bounded memory.</b> The pending jobs are read page by page at one snapshot
 *       ({@link SystemQueries#forEachAt}); at most {@link #MAX_LISTED} problems are kept, the rest
 *       counted.
 *   <li><b>Jobs scheduled during the push.</b> The push checks again, under its user-write lock, when
 *       {@code _scheduled_functions} changed since the snapshot ({@link #unchangedSince}). Actions
 *       schedule outside that lock, so a job an action schedules in the moment between that check and
 *       the switch may still carry old arguments; like any job the pushed code cannot run, it then fails
 *       at run time with the reason, and nothing else breaks.
 * </ul>
 */
final class JobGate {
    /** Most problems a report lists; the rest are counted. */
    static final int MAX_LISTED = 20;

    private JobGate() {}

    /**
     * A finished check.
     *
     * @param check what the report shows
     * @param snapshot the snapshot the jobs were read at; empty when nothing had to be read
     */
    record Outcome(JobCheck check, Optional<Timestamp> snapshot) {}

    /** The functions of {@code before} that {@code after} removes or changes in kind or arguments. */
    static Set<FunctionPath> affected(Map<FunctionPath, FunctionSpec> before, Map<FunctionPath, FunctionSpec> after) {
        return before.values().stream()
                .filter(old -> {
                    FunctionSpec now = after.get(old.path());
                    return now == null
                            || now.kind() != old.kind()
                            || !now.args().equals(old.args());
                })
                .map(FunctionSpec::path)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Checks the pending jobs of the {@link #affected} functions against {@code after}, at the latest snapshot. */
    static Outcome check(Database db, Set<FunctionPath> affected, Map<FunctionPath, FunctionSpec> after) {
        if (affected.isEmpty()) {
            return new Outcome(JobCheck.none(), Optional.empty());
        }
        Timestamp snapshot = db.lastCommitted();
        Catalog catalog = db.catalog();
        TableResolver tables = number -> catalog.table(number).map(Catalog.Table::name);
        List<JobProblem> problems = new ArrayList<>();
        long[] counts = new long[2]; // checked, failing
        SystemQueries.forEachAt(db, snapshot, pending(catalog), job -> {
            Optional<FunctionPath> path = path(ScheduledJobs.name(job));
            if (path.isEmpty() || !affected.contains(path.get())) {
                return;
            }
            counts[0]++;
            reason(job, Optional.ofNullable(after.get(path.get())), path.get(), tables)
                    .ifPresent(reason -> {
                        counts[1]++;
                        if (problems.size() < MAX_LISTED) {
                            ScheduledJob shown = ScheduledJob.of(job);
                            problems.add(
                                    new JobProblem(shown.id(), shown.name(), (long) shown.scheduledTime(), reason));
                        }
                    });
        });
        return new Outcome(new JobCheck(counts[0], problems, counts[1] - problems.size()), Optional.of(snapshot));
    }

    /**
     * Whether no commit after the outcome's snapshot, up to {@code through}, wrote a scheduled job (true
     * when the check read nothing). False too when the write log no longer reaches back that far.
     */
    static boolean unchangedSince(Database db, Outcome outcome, Timestamp through) {
        if (outcome.snapshot().isEmpty()) {
            return true;
        }
        Optional<Catalog.Index> byId = db.catalog().index(ScheduledJobs.TABLE, IndexDefinition.BY_ID);
        if (byId.isEmpty()) {
            return true;
        }
        ReadSet reads =
                ReadSet.builder().addRange(byId.get().id(), KeyRange.ALL).build();
        return db.unchangedThrough(reads, outcome.snapshot().get(), through);
    }

    /** Why the pushed code cannot run {@code job}, if it cannot. */
    private static Optional<String> reason(
            Value.Obj job, Optional<FunctionSpec> found, FunctionPath path, TableResolver tables) {
        if (found.isEmpty()) {
            return Optional.of(
                    path + " is removed by this push, so the job would fail with \"Could not find" + " function\"");
        }
        FunctionSpec spec = found.get();
        if (spec.kind() != FunctionKind.MUTATION && spec.kind() != FunctionKind.ACTION) {
            return Optional.of(path + " becomes a " + spec.kind().displayName().toLowerCase(Locale.ROOT)
                    + ", which a scheduled job cannot run");
        }
        Optional<ValidationError> error = spec.args().validate(ScheduledJobs.args(job), tables);
        return error.map(e -> "its stored arguments fail the new args validator of " + path + ": "
                + ValidationException.of(ValidationException.ARGUMENTS, e).getMessage());
    }

    private static Optional<FunctionPath> path(String stored) {
        try {
            return Optional.of(FunctionPath.parse(stored));
        } catch (ApplicationException e) {
            return Optional.empty();
        }
    }

    /** The pending jobs, by scheduled time. */
    private static QueryPlan pending(Catalog catalog) {
        String query = "{\"source\":{\"type\":\"IndexRange\",\"indexName\":"
                + ConvexJson.encode(new Value.Str(ScheduledJobs.TABLE + "." + ScheduledJobs.BY_STATE))
                + ",\"order\":\"asc\",\"range\":[{\"type\":\"Eq\",\"fieldPath\":\"state.kind\",\"value\":"
                + ConvexJson.encode(new Value.Str(ScheduledJobs.PENDING)) + "}]},\"operators\":[]}";
        return QueryPlanner.plan(SerializedQuery.parse(query), catalog);
    }
}
