package dev.slipway.application;

import dev.slipway.database.subscription.ReadSet;
import dev.slipway.isolate.InvocationResult.FailureKind;
import dev.slipway.isolate.LogLine;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * What a function call produced: a value or an error, with the log lines it wrote.
 *
 * <p>A query also reports what it read ({@link Success#reads()}), so a subscription can re-run it
 * when a commit touches that; a mutation reports its commit timestamp.
 */
public sealed interface FunctionResult {
    /** The lines the function (and the functions it called in the same transaction) logged, oldest first. */
    List<LogLine> logLines();

    /**
     * The function returned {@code value}.
     *
     * @param reads for a query: the read set and the snapshot it was read at
     * @param commitTs for a mutation: when it committed (its snapshot when it wrote nothing)
     */
    record Success(Value value, List<LogLine> logLines, Optional<Reads> reads, Optional<Timestamp> commitTs)
            implements FunctionResult {
        public Success {
            logLines = List.copyOf(logLines);
        }
    }

    /**
     * The function failed.
     *
     * @param message the message for the client: {@code Uncaught Error: ...} for a thrown error, the
     *     validator's message for bad arguments, and so on
     * @param data the data of a {@code ConvexError}
     * @param kind whether the developer's code or input caused it, or the system
     * @param reads for a query: what it read before failing (a failing query is reactive too)
     */
    record Failure(
            String message, Optional<Value> data, FailureKind kind, List<LogLine> logLines, Optional<Reads> reads)
            implements FunctionResult {
        public Failure {
            logLines = List.copyOf(logLines);
        }
    }

    /**
     * What a query read: a subscription re-runs it when a commit after {@code ts} writes into {@code
     * readSet}, passing {@code journal} back so a paginated query's page ends where it ended before.
     *
     * @param journal where the query's paginated query ended, when it ran one
     */
    record Reads(ReadSet readSet, Timestamp ts, Optional<String> journal) {}
}
