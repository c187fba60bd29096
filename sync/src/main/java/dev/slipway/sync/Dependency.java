package dev.slipway.sync;

import dev.slipway.persistence.Timestamp;

/**
 * What one query run read (its read set and read timestamp), in the backend's terms. The session
 * uses it to learn when to run the query again, and to prove a result it did not re-run still
 * holds at a newer timestamp.
 */
public interface Dependency {
    /**
     * Calls {@code invalidated} once, on any thread, when a commit after the read timestamp writes
     * into what the query read, including a commit that happened before this call. It is a hint to
     * re-run: correctness rests on {@link #unchangedThrough}.
     */
    Subscription subscribe(Runnable invalidated);

    /**
     * Whether no commit after the read timestamp and at or before {@code ts} wrote into what the
     * query read. Called only with a {@code ts} at or below {@link SyncBackend#latest()}, so every
     * such commit is known. Must never answer {@code true} wrongly; may answer {@code false} when
     * unsure (the query is then re-run).
     */
    boolean unchangedThrough(Timestamp ts);

    /** A dependency on nothing: never invalidated (a query that failed before reading). */
    static Dependency none() {
        return NoDependency.INSTANCE;
    }
}
