package dev.slipway.server;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.FunctionCall;
import dev.slipway.sync.QueryRun;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Shares query runs across the sync sessions of one deployment: identical calls (function, args,
 * identity, journal) at one timestamp on one code version (the current one, or the version a session
 * is pinned to) give identical results, so when a commit invalidates a query
 * that a thousand sockets watch, it runs once (ARCHITECTURE §5).
 *
 * <p>Implementation notes. One entry per call, holding the newest timestamp it ran at and the run's
 * future; a request at that timestamp joins it, an older one runs uncached, a newer one replaces it.
 * A run that fails (the future completes exceptionally) is dropped so the next request tries again.
 * Past {@link #MAX_ENTRIES} calls, finished entries are swept. Thread-safe; never blocks.
 */
final class QueryCache {
    static final int MAX_ENTRIES = 10_000;

    /**
     * A call under one code version: the pinned version, or the current one at {@code codeGeneration}
     * (a push changes what a call computes, at the same timestamp).
     */
    private record Key(FunctionCall call, Optional<String> pinnedVersion, long codeGeneration) {}

    private record Entry(Timestamp ts, CompletableFuture<QueryRun> run) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The run of {@code call} at {@code ts} on the code version {@code pinnedVersion} (empty: the
     * current one) under code generation {@code codeGeneration} (see {@link CodeWatch}): a shared one,
     * or {@code run}'s when there is none.
     */
    CompletableFuture<QueryRun> get(
            FunctionCall call,
            Optional<String> pinnedVersion,
            Timestamp ts,
            long codeGeneration,
            Supplier<CompletableFuture<QueryRun>> run) {
        Key key = new Key(call, pinnedVersion, codeGeneration);
        Entry known = entries.get(key);
        if (known != null && known.ts().equals(ts)) {
            return known.run(); // the usual case when many sessions re-run one query: no lock taken
        }
        boolean[] created = {false};
        Entry entry = entries.compute(key, (c, existing) -> {
            if (existing != null && existing.ts().compareTo(ts) >= 0) {
                return existing;
            }
            created[0] = true;
            return new Entry(ts, new CompletableFuture<>());
        });
        if (!entry.ts().equals(ts)) {
            return run.get(); // the cache holds a newer run; this older one is not shared
        }
        if (created[0]) {
            start(key, entry, run);
            sweepIfFull();
        }
        return entry.run();
    }

    private void start(Key key, Entry entry, Supplier<CompletableFuture<QueryRun>> run) {
        CompletableFuture<QueryRun> future;
        try {
            future = run.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> _ = future.whenComplete((result, error) -> {
            if (error != null) {
                entries.remove(key, entry);
                entry.run().completeExceptionally(error);
            } else {
                entry.run().complete(result);
            }
        });
    }

    private void sweepIfFull() {
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        entries.entrySet().removeIf(e -> e.getValue().run().isDone());
    }

    int size() {
        return entries.size();
    }
}
