package dev.slipway.application;

import dev.slipway.database.Catalog;
import dev.slipway.database.DatabaseException;
import dev.slipway.database.QueryPage;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.TransactionLimits;
import dev.slipway.database.TransactionMetrics;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.isolate.SyscallException;
import dev.slipway.isolate.SyscallHandler;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The syscalls of one query or mutation invocation, over its {@link Transaction} (reference §5.5).
 *
 * <p>Implementation notes. Everything runs on the invocation's context thread: the async syscalls
 * of a query or mutation complete before they return (the database is read synchronously), so their
 * futures are already done. {@code 1.0/queryStream} plans the query and {@code 1.0/queryStreamNext}
 * pops one document from the {@link QueryStream}, which holds a prefetched page of the index, so the
 * per-document syscall is a buffer pop plus the JSON encoding of the document. Errors that the
 * developer caused (a bad id, a missing document, a limit, a schema violation, an invalid query) are
 * {@link SyscallException}s with the database's message; anything else propagates as a system
 * failure. Not thread-safe: one invocation, one thread.
 */
final class DatabaseSyscalls implements SyscallHandler {
    private final Transaction tx;
    private final CallContext call;
    private final NestedCalls nested;
    private final Scheduling scheduling;
    private final PageJournal journal;
    private final Map<Integer, QueryStream> streams = new HashMap<>();
    private int nextQueryId;

    /**
     * What {@code 1.0/schedule} needs: the call's budget of scheduled functions (shared with the
     * functions it runs in its transaction), the code that checks the target exists, and the clock.
     */
    record Scheduling(ScheduledJobs.Budget budget, Optional<DeployedCode> code, LongSupplier clockMillis) {}

    DatabaseSyscalls(Transaction tx, CallContext call, NestedCalls nested, Scheduling scheduling, PageJournal journal) {
        this.tx = tx;
        this.call = call;
        this.nested = nested;
        this.scheduling = scheduling;
        this.journal = journal;
    }

    @Override
    public String syscall(String op, String argsJson) {
        return developerErrors(op, () -> {
            SyscallArgs args = SyscallArgs.parse(op, argsJson);
            return switch (op) {
                case "1.0/queryStream" -> queryStream(args);
                case "1.0/queryCleanup" -> new Value.Bool(streams.remove(queryId(args)) != null);
                case "1.0/db/normalizeId" -> normalizeId(args);
                default -> throw SystemSyscalls.unknown(op);
            };
        });
    }

    @Override
    public CompletionStage<String> asyncSyscall(String op, String argsJson) {
        try {
            return CompletableFuture.completedFuture(developerErrors(op, () -> async(op, argsJson)));
        } catch (SyscallException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Value async(String op, String argsJson) {
        SyscallArgs args = SyscallArgs.parse(op, argsJson);
        return switch (op) {
            case "1.0/get" -> get(args);
            case "1.0/queryStreamNext" -> queryStreamNext(args);
            case "1.0/queryPage" -> queryPage(args);
            case "1.0/count" -> new Value.Float64(tx.count(args.string("table")));
            case "1.0/insert" -> insert(args);
            case "1.0/shallowMerge" -> tx.patch(writable(op, args), args.patch("value"));
            case "1.0/replace" -> tx.replace(writable(op, args), args.object("value"));
            case "1.0/remove" -> tx.delete(writable(op, args));
            case "1.0/getTransactionMetrics" -> metrics();
            case "1.0/runUdf" -> nested.runUdf(args);
            case "1.0/schedule" -> schedule(args);
            case "1.0/cancel_job" -> cancel(args);
            default -> SystemSyscalls.async(op, args, call);
        };
    }

    // ---- reads -------------------------------------------------------------------------------

    private Value get(SyscallArgs args) {
        DocumentId id = decodeId("get", args.string("id"));
        Optional<Catalog.Table> table = tx.catalog().table(id.tableNumber());
        if (table.isEmpty()) {
            return Value.Null.INSTANCE;
        }
        args.optionalString("table").ifPresent(expected -> tx.checkTable(expected, id));
        boolean systemTable = table.get().name().startsWith("_");
        if (systemTable != args.bool("isSystem")) {
            throw new SyscallException(
                    systemTable
                            ? "Cannot read system table " + table.get().name() + " with db.get; use db.system.get"
                            : "db.system.get can only read system tables, but " + id.encode() + " is from table "
                                    + table.get().name());
        }
        return tx.get(id).<Value>map(doc -> doc).orElse(Value.Null.INSTANCE);
    }

    private Value queryStream(SyscallArgs args) {
        QueryPlan plan = QueryPlanner.plan(args.query(), tx.catalog());
        int id = nextQueryId++;
        streams.put(id, tx.query(plan));
        return Value.Obj.of(Map.of("queryId", new Value.Float64(id)));
    }

    private Value queryStreamNext(SyscallArgs args) {
        int id = queryId(args);
        QueryStream stream = streams.get(id);
        if (stream == null) {
            throw new SyscallException("Query " + id + " does not exist or was already cleaned up");
        }
        Map<String, Value> result = new LinkedHashMap<>();
        if (stream.hasNext()) {
            result.put("value", stream.next());
            result.put("done", new Value.Bool(false));
        } else {
            streams.remove(id);
            result.put("value", Value.Null.INSTANCE);
            result.put("done", new Value.Bool(true));
        }
        return Value.Obj.of(result);
    }

    private Value queryPage(SyscallArgs args) {
        QueryPlan plan = QueryPlanner.plan(args.query(), tx.catalog());
        QueryPage page = tx.queryPage(
                plan,
                args.optionalString("cursor"),
                journal.endCursorFor(args.optionalString("endCursor")),
                (int) args.number("pageSize"),
                args.optionalNumber("maximumRowsRead").map(Double::intValue));
        journal.ended(page.continueCursor());
        Map<String, Value> result = new LinkedHashMap<>();
        result.put("page", new Value.Array(List.copyOf(page.page())));
        result.put("isDone", new Value.Bool(page.isDone()));
        result.put("continueCursor", new Value.Str(page.continueCursor()));
        result.put("splitCursor", page.splitCursor().<Value>map(Value.Str::new).orElse(Value.Null.INSTANCE));
        result.put("pageStatus", page.pageStatus().<Value>map(Value.Str::new).orElse(Value.Null.INSTANCE));
        return Value.Obj.of(result);
    }

    private Value normalizeId(SyscallArgs args) {
        String table = args.string("table");
        Optional<Value> id = DocumentId.decode(args.string("idString"))
                .filter(decoded -> tx.catalog()
                        .table(table)
                        .map(t -> t.number() == decoded.tableNumber())
                        .orElse(false))
                .map(decoded -> new Value.Str(decoded.encode()));
        return Value.Obj.of(Map.of("id", id.orElse(Value.Null.INSTANCE)));
    }

    private Value metrics() {
        TransactionMetrics used = tx.metrics();
        TransactionLimits limits = tx.limits();
        Map<String, Value> result = new LinkedHashMap<>();
        result.put("bytesRead", usage(used.bytesRead(), limits.bytesRead()));
        result.put("bytesWritten", usage(used.bytesWritten(), limits.bytesWritten()));
        result.put("databaseQueries", usage(used.indexRanges(), limits.indexRanges()));
        result.put("documentsRead", usage(used.documentsScanned(), limits.documentsScanned()));
        result.put("documentsWritten", usage(used.documentsWritten(), limits.documentsWritten()));
        result.put("functionsScheduled", usage(scheduling.budget().count(), ScheduledJobs.MAX_PER_CALL));
        result.put(
                "scheduledFunctionArgsBytes",
                usage(scheduling.budget().argsBytes(), ScheduledJobs.MAX_ARGS_BYTES_PER_CALL));
        return Value.Obj.of(result);
    }

    private static Value usage(long used, long limit) {
        return Value.Obj.of(
                Map.of("used", new Value.Float64(used), "remaining", new Value.Float64(Math.max(0, limit - used))));
    }

    // ---- writes ------------------------------------------------------------------------------

    private Value insert(SyscallArgs args) {
        requireMutation("1.0/insert");
        String table = args.string("table");
        if (table.startsWith("_")) {
            throw new SyscallException("System tables (prefixed with `_`) are read-only.");
        }
        DocumentId id = tx.insert(table, args.object("value"));
        return Value.Obj.of(Map.of("_id", new Value.Str(id.encode())));
    }

    private Value schedule(SyscallArgs args) {
        requireMutation("1.0/schedule");
        DocumentId id = ScheduledJobs.schedule(
                tx, args, scheduling.code(), scheduling.clockMillis().getAsLong(), scheduling.budget(), call.request());
        return new Value.Str(id.encode());
    }

    private Value cancel(SyscallArgs args) {
        requireMutation("1.0/cancel_job");
        ScheduledJobs.cancel(tx, args.string("id"), scheduling.clockMillis().getAsLong());
        return Value.Null.INSTANCE;
    }

    /** The id of a patch, replace or delete, checked against the table the call names. */
    private DocumentId writable(String op, SyscallArgs args) {
        requireMutation(op);
        DocumentId id = decodeId(op, args.string("id"));
        args.optionalString("table").ifPresent(table -> tx.checkTable(table, id));
        return id;
    }

    private void requireMutation(String op) {
        if (call.kind() != CallContext.Kind.MUTATION) {
            throw new SyscallException(op + " is only allowed in mutations; " + call.path() + " is a query");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static DocumentId decodeId(String what, String encoded) {
        return DocumentId.decode(encoded)
                .orElseThrow(() -> new SyscallException("Invalid argument `id` for `db." + what.replace("1.0/", "")
                        + "`: Unable to decode ID: \"" + encoded + "\" is not a valid document ID"));
    }

    private static int queryId(SyscallArgs args) {
        return (int) args.number("queryId");
    }

    /** Runs {@code body}, turning database errors into developer-facing syscall errors. */
    static String developerErrors(String op, java.util.function.Supplier<Value> body) {
        try {
            return ConvexJson.encode(body.get());
        } catch (SyscallException e) {
            throw e;
        } catch (DatabaseException
                | dev.slipway.database.query.QueryException
                | dev.slipway.value.InvalidValueException
                | dev.slipway.schema.ValidationException
                | ApplicationException e) {
            throw new SyscallException(String.valueOf(e.getMessage()));
        }
    }
}
