package dev.slipway.application;

import dev.slipway.database.Catalog;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.isolate.SyscallException;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code _scheduled_functions} system table: its documents, their states, and the writes that
 * scheduling and cancelling make (reference §5.12).
 *
 * <p>A job document has exactly Convex's public fields, so {@code db.system.query} shows what Convex
 * shows: {@code name} (the canonical path with {@code .js} and the export, {@code "jobs.js:step"}, as
 * Convex stores it), {@code args} (an array holding the one argument object), {@code scheduledTime}
 * (ms, Float64), {@code completedTime} (ms, once finished) and {@code state} ({@code {kind:
 * "pending"|"inProgress"|"success"|"canceled"}} or {@code {kind: "failed", error}}). The index {@code
 * by_state} on {@code [state.kind, scheduledTime]} finds the due pending jobs in order, and the jobs
 * an interrupted run left in progress.
 */
final class ScheduledJobs {
    static final String TABLE = "_scheduled_functions";
    static final String BY_STATE = "by_state";

    static final String PENDING = "pending";
    static final String IN_PROGRESS = "inProgress";
    static final String SUCCESS = "success";
    static final String FAILED = "failed";
    static final String CANCELED = "canceled";

    /** Most functions one call may schedule (Convex's limit). */
    static final long MAX_PER_CALL = 1_000;
    /** Most bytes of arguments one call may schedule (Convex's limit, 16 MiB). */
    static final long MAX_ARGS_BYTES_PER_CALL = 16L << 20;
    /** Most bytes of arguments of one job (Convex's limit, 4 MiB; the 1 MiB document limit bites first for now). */
    static final long MAX_ARGS_BYTES_PER_JOB = 4L << 20;

    private static final long FIVE_YEARS_MS = 5L * 366 * 24 * 3600 * 1000;

    private ScheduledJobs() {}

    /** The indexes of the scheduler's system tables (jobs, crons, cron logs). */
    static List<SystemIndexes.Spec> indexes() {
        return List.of(
                new SystemIndexes.Spec(TABLE, BY_STATE, List.of("state.kind", "scheduledTime")),
                new SystemIndexes.Spec(TABLE, FinishedJobs.BY_COMPLETED_TIME, List.of("completedTime")),
                new SystemIndexes.Spec(CronJobs.TABLE, CronJobs.BY_NEXT_TS, List.of("nextTs")),
                new SystemIndexes.Spec(CronJobs.LOG_TABLE, CronJobs.BY_NAME, List.of("name")));
    }

    // ---- scheduling --------------------------------------------------------------------------

    /**
     * What one function call has scheduled so far, against the per-call limits. Shared by the call and
     * the queries and mutations it runs inside its transaction.
     */
    static final class Budget {
        private long count;
        private long argsBytes;

        void charge(FunctionPath path, Value.Obj args) {
            long size = args.size();
            if (size > MAX_ARGS_BYTES_PER_JOB) {
                throw new SyscallException("Scheduled function " + path + ": its arguments are " + size
                        + " bytes, more than the limit of " + MAX_ARGS_BYTES_PER_JOB + " bytes per scheduled function");
            }
            if (count + 1 > MAX_PER_CALL) {
                throw new SyscallException("Too many functions scheduled by this call: the limit is " + MAX_PER_CALL
                        + " (scheduling " + path + ")");
            }
            if (argsBytes + size > MAX_ARGS_BYTES_PER_CALL) {
                throw new SyscallException("Too many bytes of arguments scheduled by this call: the limit is "
                        + MAX_ARGS_BYTES_PER_CALL + " bytes in total (scheduling " + path + ")");
            }
            count++;
            argsBytes += size;
        }

        long count() {
            return count;
        }

        long argsBytes() {
            return argsBytes;
        }
    }

    /**
     * Handles {@code 1.0/schedule} in {@code tx}: checks the target exists as a mutation or action, the
     * time and the limits, then inserts the pending job, which commits or vanishes with {@code tx}.
     * When the request runs a scheduled job that was canceled (a running action canceled by someone,
     * or a job that canceled itself), the new job is inserted already {@code canceled}, as Convex
     * does: a canceled job keeps running, but whatever it schedules never runs.
     *
     * @return the job's id
     */
    static DocumentId schedule(
            Transaction tx,
            SyscallArgs args,
            Optional<DeployedCode> code,
            long nowMillis,
            Budget budget,
            FunctionCall.RequestInfo request) {
        FunctionPath path = FunctionHandles.target(args);
        boolean runnable = code.flatMap(c -> c.function(path))
                .filter(spec -> spec.kind() == dev.slipway.isolate.FunctionKind.MUTATION
                        || spec.kind() == dev.slipway.isolate.FunctionKind.ACTION)
                .isPresent();
        if (!runnable) {
            throw new SyscallException("Attempted to schedule function at '" + path
                    + "', which does not exist or is not a mutation or action");
        }
        double tsSeconds = args.number("ts");
        double scheduledMs = tsSeconds * 1000;
        if (!Double.isFinite(scheduledMs) || Math.abs(scheduledMs - nowMillis) > FIVE_YEARS_MS) {
            throw new SyscallException(
                    "Scheduled time " + tsSeconds + " (Unix seconds) for " + path + " must be within 5 years of now");
        }
        Value.Obj fnArgs = args.object("args");
        budget.charge(path, fnArgs);
        Map<String, Value> doc = new LinkedHashMap<>();
        doc.put("name", new Value.Str(storedName(path)));
        doc.put("args", new Value.Array(List.of(fnArgs)));
        doc.put("scheduledTime", new Value.Float64(scheduledMs));
        if (parentCanceled(tx, request)) {
            doc.put("state", state(CANCELED));
            doc.put("completedTime", new Value.Float64(nowMillis));
        } else {
            doc.put("state", state(PENDING));
        }
        return tx.insertIntoSystemTable(TABLE, Value.Obj.of(doc));
    }

    /** Whether {@code request} runs a scheduled job that is canceled (as {@code tx} sees it). */
    private static boolean parentCanceled(Transaction tx, FunctionCall.RequestInfo request) {
        return request.scheduledJob()
                .flatMap(DocumentId::decode)
                .flatMap(tx::get)
                .map(ScheduledJobs::kind)
                .filter(CANCELED::equals)
                .isPresent();
    }

    /**
     * Handles {@code 1.0/cancel_job} in {@code tx}: a pending or running job becomes {@code canceled};
     * a finished one stays as it is, and one already deleted after its retention is left alone (as in
     * Convex, where canceling a garbage-collected job is not an error).
     */
    static void cancel(Transaction tx, String encodedId, long nowMillis) {
        DocumentId id = jobId(tx, encodedId);
        Optional<Value.Obj> job = tx.get(id);
        String kind = job.map(ScheduledJobs::kind).orElse("");
        if (kind.equals(PENDING) || kind.equals(IN_PROGRESS)) {
            tx.patchInSystemTable(id, finished(state(CANCELED), nowMillis));
        }
    }

    private static DocumentId jobId(Transaction tx, String encoded) {
        Optional<DocumentId> id = DocumentId.decode(encoded);
        int table = tx.catalog().table(TABLE).map(Catalog.Table::number).orElse(-1);
        if (id.isEmpty() || id.get().tableNumber() != table) {
            throw new SyscallException(
                    "Invalid argument `id` for `scheduler.cancel`: \"" + encoded + "\" is not an id of " + TABLE);
        }
        return id.get();
    }

    // ---- documents ---------------------------------------------------------------------------

    /** The name Convex stores: module with {@code .js}, a colon, the export. */
    static String storedName(FunctionPath path) {
        return path.module() + ":" + path.export();
    }

    static Value.Obj state(String kind) {
        return Value.Obj.of(Map.of("kind", new Value.Str(kind)));
    }

    static Value.Obj failedState(String error) {
        return Value.Obj.of(Map.of("kind", new Value.Str(FAILED), "error", new Value.Str(error)));
    }

    /** The patch that finishes a job in {@code state} at {@code nowMillis}. */
    static Map<String, Optional<Value>> finished(Value.Obj state, long nowMillis) {
        Map<String, Optional<Value>> patch = new LinkedHashMap<>();
        patch.put("state", Optional.of(state));
        patch.put("completedTime", Optional.of(new Value.Float64(nowMillis)));
        return patch;
    }

    static Map<String, Optional<Value>> inProgress() {
        return Map.of("state", Optional.of(state(IN_PROGRESS)));
    }

    static String kind(Value.Obj job) {
        return job.fields().get("state") instanceof Value.Obj state
                        && state.fields().get("kind") instanceof Value.Str(String kind)
                ? kind
                : "";
    }

    static String name(Value.Obj job) {
        return job.fields().get("name") instanceof Value.Str(String name) ? name : "";
    }

    static Value.Obj args(Value.Obj job) {
        return job.fields().get("args") instanceof Value.Array array
                        && array.elements().size() == 1
                        && array.elements().getFirst() instanceof Value.Obj args
                ? args
                : Value.Obj.of(Map.of());
    }

    static double scheduledTime(Value.Obj job) {
        return job.fields().get("scheduledTime") instanceof Value.Float64(double ms) ? ms : 0;
    }

    static DocumentId id(Value.Obj doc) {
        return DocumentId.decode(((Value.Str)
                                java.util.Objects.requireNonNull(doc.fields().get("_id")))
                        .value())
                .orElseThrow();
    }

    /** The jobs in state {@code kind}, by scheduled time, as a stream over {@code tx}. */
    static QueryStream byState(Transaction tx, String kind) {
        return tx.query(byStatePlan(tx, kind));
    }

    /** The plan of {@link #byState}: its index and key range, which a caller may narrow. */
    static QueryPlan byStatePlan(Transaction tx, String kind) {
        String query = "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"" + TABLE + "." + BY_STATE
                + "\",\"order\":\"asc\",\"range\":[{\"type\":\"Eq\",\"fieldPath\":\"state.kind\",\"value\":"
                + ConvexJson.encode(new Value.Str(kind)) + "}]},\"operators\":[]}";
        return QueryPlanner.plan(SerializedQuery.parse(query), tx.catalog());
    }
}
