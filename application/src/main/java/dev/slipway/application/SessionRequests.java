package dev.slipway.application;

import dev.slipway.database.MutationRunner;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.isolate.LogLevel;
import dev.slipway.isolate.LogLine;
import dev.slipway.value.Value;
import dev.slipway.value.ValueSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mutations named by a {@link MutationKey} run at most once, as Convex's session requests do. A client
 * that reconnects resends every mutation whose answer it has not seen; the outcome of a mutation that
 * committed is recorded in {@code _session_requests} <em>in the mutation's own transaction</em>, so a
 * resend gets that outcome instead of a second run, also after a server restart. A resend that
 * arrives while the first run is still going is serialized by OCC: both transactions read the key's
 * index range, the second to commit conflicts, and its retry finds the record. A failed mutation
 * commits nothing and records nothing, so its resend runs again, which is safe.
 *
 * <p>Records are deleted {@link #RETENTION} after they were written ({@link #sweep}); a client that
 * resends later than that (it would have to stay disconnected that long with its page open) runs the
 * mutation again.
 */
final class SessionRequests {
    static final String TABLE = "_session_requests";
    static final String BY_KEY = "by_session_request";
    static final String BY_RECORDED_AT = "by_recorded_at";
    static final Duration RETENTION = Duration.ofMinutes(30);
    /** Most records one sweep transaction deletes. */
    static final int BATCH = 1_000;
    /**
     * A recorded outcome larger than this keeps no value: a resend is then answered with a failure
     * saying the mutation already ran, rather than growing a record past the document size limit.
     */
    static final long MAX_RECORDED_BYTES = 512 * 1024;

    private SessionRequests() {}

    static List<SystemIndexes.Spec> indexes() {
        return List.of(
                new SystemIndexes.Spec(TABLE, BY_KEY, List.of("sessionId", "requestId")),
                new SystemIndexes.Spec(TABLE, BY_RECORDED_AT, List.of("recordedAt")));
    }

    /** The outcome recorded for {@code key} in {@code tx}'s snapshot, if the mutation already committed. */
    static Optional<Invoker.Outcome> find(Transaction tx, MutationKey key) {
        QueryStream found = SystemQueries.equal(tx, TABLE, BY_KEY, keyFields(key));
        if (!found.hasNext()) {
            return Optional.empty();
        }
        Value.Obj record = found.next();
        Map<String, Value> fields = record.fields();
        List<LogLine> lines = new ArrayList<>();
        if (fields.get("logLines") instanceof Value.Array(List<Value> elements)) {
            for (Value line : elements) {
                if (line instanceof Value.Obj(Map<String, Value> l)
                        && l.get("level") instanceof Value.Str(String level)
                        && l.get("text") instanceof Value.Str(String text)) {
                    lines.add(new LogLine(LogLevel.valueOf(level), text));
                }
            }
        }
        Value result = fields.get("result");
        if (result == null) {
            Invoker.Outcome tooLarge = Invoker.Outcome.systemFailure("This mutation (request " + key.requestId()
                    + " of session " + key.sessionId() + ") already ran and committed; its result was too large"
                    + " to keep for a resend");
            return Optional.of(new Invoker.Outcome(Optional.empty(), tooLarge.failure(), lines));
        }
        return Optional.of(new Invoker.Outcome(Optional.of(result), Optional.empty(), lines));
    }

    /** Records {@code outcome}, a success, as {@code key}'s, in the mutation's transaction {@code tx}. */
    static void record(Transaction tx, MutationKey key, Invoker.Outcome outcome, long nowMillis) {
        Map<String, Value> doc = new LinkedHashMap<>(keyFields(key));
        doc.put("recordedAt", new Value.Float64(nowMillis));
        List<Value> lines = new ArrayList<>();
        for (LogLine line : outcome.logLines()) {
            lines.add(Value.Obj.of(
                    Map.of("level", new Value.Str(line.level().name()), "text", new Value.Str(line.text()))));
        }
        Value.Array logLines = new Value.Array(lines);
        Value result = outcome.result().orElse(Value.Null.INSTANCE);
        if (ValueSize.of(result) + ValueSize.of(logLines) <= MAX_RECORDED_BYTES) {
            doc.put("result", result);
            doc.put("logLines", logLines);
        }
        tx.insertIntoSystemTable(TABLE, Value.Obj.of(doc));
    }

    /**
     * Deletes up to {@link #BATCH} records written before {@code cutoffMillis}, in one system
     * transaction; answers how many it deleted.
     */
    static int sweep(MutationRunner runner, long cutoffMillis) {
        return runner.runSystem(tx -> {
                    QueryStream oldest = SystemQueries.equal(tx, TABLE, BY_RECORDED_AT, Map.of());
                    int deleted = 0;
                    while (deleted < BATCH && oldest.hasNext()) {
                        Value.Obj record = oldest.next();
                        if (!(record.fields().get("recordedAt") instanceof Value.Float64(double at))
                                || at >= cutoffMillis) {
                            break;
                        }
                        tx.delete(ScheduledJobs.id(record));
                        deleted++;
                    }
                    return deleted;
                })
                .value();
    }

    private static Map<String, Value> keyFields(MutationKey key) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("sessionId", new Value.Str(key.sessionId()));
        fields.put("requestId", new Value.Float64(key.requestId()));
        return fields;
    }
}
