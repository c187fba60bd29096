package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.ClientMessage.Add;
import dev.slipway.sync.protocol.ClientMessage.QueryChange;
import dev.slipway.sync.protocol.ClientMessage.Remove;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ProtocolException;
import dev.slipway.sync.protocol.ServerMessage.QueryFailed;
import dev.slipway.sync.protocol.ServerMessage.QueryRemoved;
import dev.slipway.sync.protocol.ServerMessage.QueryUpdated;
import dev.slipway.sync.protocol.ServerMessage.StateModification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The queries of one session. Not thread-safe: the session calls it with its lock held.
 *
 * <p>Two sets are kept apart. {@link #declared} is the query set as of the last {@code
 * ModifyQuerySet} received, against which changes are checked at once. {@link #active} is the set as
 * of the last update plan: changes wait in {@link #pending} until the next plan applies them, so a
 * plan's results always belong to the query-set version it names.
 */
final class QuerySet {
    /** A subscribed query and what the client has of it. */
    static final class Query {
        final long id;
        final String udfPath;
        final CallArgs args;
        final Optional<String> componentPath;
        Optional<String> journal;
        /** The outcome and journal the client holds; empty until the first run is sent or skipped. */
        Optional<Sent> sent = Optional.empty();

        Optional<Dependency> dependency = Optional.empty();
        Subscription subscription = () -> {};
        long generation;
        boolean invalidated;

        Query(Add add) {
            this.id = add.queryId();
            this.udfPath = add.udfPath();
            this.args = CallArgs.parse(add.argsJson());
            this.componentPath = add.componentPath();
            this.journal = add.journal();
        }
    }

    /** A result as the client has it. */
    record Sent(Outcome outcome, Optional<String> journal) {}

    /** What a plan must run: one call per distinct call, shared by the queries listed with it. */
    record Runs(Map<FunctionCall, List<Long>> shared, Map<Long, QueryRun> immediate) {}

    private final SharedRuns runs;
    private final Set<Long> declared = new HashSet<>();
    private final List<QueryChange> pending = new ArrayList<>();
    private final TreeMap<Long, Query> active = new TreeMap<>();

    /** @param runs where queries subscribe to what their runs read, shared with other sessions */
    QuerySet(SharedRuns runs) {
        this.runs = runs;
    }

    /**
     * Checks a batch of changes against the declared set and records them; nothing is recorded when a
     * change is refused.
     *
     * @throws ProtocolException for an {@code Add} of an id in the set or a {@code Remove} of one not in it
     */
    void receive(List<QueryChange> changes) {
        Set<Long> after = new HashSet<>(declared);
        for (QueryChange change : changes) {
            switch (change) {
                case Add add -> {
                    if (!after.add(add.queryId())) {
                        throw new ProtocolException("DuplicateQueryId", "Duplicate query ID: " + add.queryId());
                    }
                }
                case Remove remove -> {
                    if (!after.remove(remove.queryId())) {
                        throw new ProtocolException("NonexistentQueryId", "Nonexistent query id: " + remove.queryId());
                    }
                }
            }
        }
        declared.clear();
        declared.addAll(after);
        pending.addAll(changes);
    }

    /** Applies the pending changes; returns a {@code QueryRemoved} for each removal. */
    List<StateModification> applyPending() {
        List<StateModification> removals = new ArrayList<>();
        for (QueryChange change : pending) {
            switch (change) {
                case Add add -> active.put(add.queryId(), new Query(add));
                case Remove remove -> {
                    Query query = active.remove(remove.queryId());
                    if (query != null) {
                        query.subscription.cancel();
                    }
                    removals.add(new QueryRemoved(remove.queryId()));
                }
            }
        }
        pending.clear();
        return removals;
    }

    /**
     * The runs that bring every active query up to {@code ts}: new queries, invalidated ones, ones
     * whose dependency cannot show it is unchanged through {@code ts}, and all of them when the
     * identity changed. Identical calls share one run.
     */
    Runs plan(Timestamp ts, Identity identity, boolean identityChanged) {
        Map<FunctionCall, List<Long>> shared = new LinkedHashMap<>();
        Map<Long, QueryRun> immediate = new TreeMap<>();
        for (Query query : active.values()) {
            if (!needsRun(query, ts, identityChanged)) {
                continue;
            }
            switch (query.args) {
                case CallArgs.Valid valid -> {
                    FunctionCall call =
                            new FunctionCall(query.udfPath, valid.args(), identity, query.componentPath, query.journal);
                    shared.computeIfAbsent(call, c -> new ArrayList<>()).add(query.id);
                }
                case CallArgs.Invalid invalid ->
                    immediate.put(
                            query.id,
                            new QueryRun(Outcome.Failure.of(invalid.message()), Optional.empty(), Dependency.none()));
            }
        }
        return new Runs(shared, immediate);
    }

    private static boolean needsRun(Query query, Timestamp ts, boolean identityChanged) {
        if (identityChanged || query.invalidated || query.sent.isEmpty()) {
            return true;
        }
        return query.dependency.map(d -> !d.unchangedThrough(ts)).orElse(true);
    }

    /**
     * Records a run of query {@code id} and subscribes to what it read.
     *
     * @param onInvalidated makes the invalidation callback for a generation of this query
     * @return the modification to send, or empty when the client already has exactly this result
     */
    Optional<StateModification> complete(long id, QueryRun run, LongFunction<Runnable> onInvalidated) {
        Query query = active.get(id);
        if (query == null) {
            throw new IllegalStateException("query " + id + " left the active set while its run was in flight");
        }
        query.journal = run.journal();
        Sent result = new Sent(run.outcome(), run.journal());
        boolean changed = !query.sent.equals(Optional.of(result));
        query.sent = Optional.of(result);
        query.subscription.cancel();
        query.generation++;
        query.invalidated = false;
        query.dependency = Optional.of(run.dependency());
        query.subscription = runs.subscribe(run, onInvalidated.apply(query.generation));
        return changed ? Optional.of(modification(id, result)) : Optional.empty();
    }

    private static StateModification modification(long id, Sent result) {
        return switch (result.outcome()) {
            case Outcome.Success s -> new QueryUpdated(id, s.value(), s.logLines(), result.journal());
            case Outcome.Failure f -> new QueryFailed(id, f.message(), f.logLines(), result.journal(), f.data());
        };
    }

    /** Marks a query for a re-run if {@code generation} is its current subscription; says whether it did. */
    boolean invalidate(long id, long generation) {
        Query query = active.get(id);
        if (query == null || query.generation != generation || query.invalidated) {
            return false;
        }
        query.invalidated = true;
        return true;
    }

    /** Cancels every subscription (the session is closing). */
    void cancelAll() {
        for (Query query : active.values()) {
            query.subscription.cancel();
        }
    }

    int size() {
        return active.size();
    }
}
