package dev.slipway.server;

import dev.slipway.application.FunctionResult;
import dev.slipway.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Query journals for paginated queries, done at the edge until the application runs a query with a
 * journal itself.
 *
 * <p>Convex records the end cursor of a query's {@code paginate()} in the query's journal, and a
 * re-run with that journal ends its page exactly there, so reactive pages grow and shrink instead of
 * shifting (no gaps, no duplicates when rows are inserted). Here the journal is the page's {@code
 * continueCursor}: a re-run with a journal gets {@code paginationOpts.endCursor} set to it (unless
 * the client set one), and the database's {@code queryPage} then reads through that cursor and
 * returns it again as {@code continueCursor}.
 *
 * <p>Limits of this interim form: the function sees {@code endCursor} in its arguments, its {@code
 * paginationOpts} validator must accept {@code endCursor} (the standard {@code
 * paginationOptsValidator} does), and the journal is taken from the returned {@code
 * continueCursor}, so a function that renames or drops it gets no journal.
 */
final class Journals {
    static final String PAGINATION_OPTS = "paginationOpts";
    static final String END_CURSOR = "endCursor";
    static final String CONTINUE_CURSOR = "continueCursor";

    private Journals() {}

    /** The arguments to run a query with, given the journal of its previous run. */
    static Value.Obj apply(Value.Obj args, Optional<String> journal) {
        if (journal.isEmpty() || !(args.fields().get(PAGINATION_OPTS) instanceof Value.Obj opts)) {
            return args;
        }
        Value end = opts.fields().get(END_CURSOR);
        if (end != null && !(end instanceof Value.Null)) {
            return args; // the client pinned the end itself (a split page)
        }
        Map<String, Value> newOpts = new LinkedHashMap<>(opts.fields());
        newOpts.put(END_CURSOR, new Value.Str(journal.get()));
        Map<String, Value> newArgs = new LinkedHashMap<>(args.fields());
        newArgs.put(PAGINATION_OPTS, Value.Obj.of(newOpts));
        return Value.Obj.of(newArgs);
    }

    /** The journal to keep after a run: the page's end for a paginated query, the old one when it failed. */
    static Optional<String> after(Value.Obj args, FunctionResult result, Optional<String> previous) {
        if (!(args.fields().get(PAGINATION_OPTS) instanceof Value.Obj)) {
            return Optional.empty();
        }
        return switch (result) {
            case FunctionResult.Success s ->
                s.value() instanceof Value.Obj page && page.fields().get(CONTINUE_CURSOR) instanceof Value.Str(String c)
                        ? Optional.of(c)
                        : Optional.empty();
            case FunctionResult.Failure f -> previous;
        };
    }
}
