package dev.slipway.database;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.Timestamp;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Removes the revisions no read inside the retention window can see, for one {@link Database}.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Horizon.</b> The oldest readable timestamp is {@code max(latest commit - window, the
 *       highest cutoff ever passed to the store)}. The window is measured from the latest commit
 *       (not from the clock), so the latest snapshot is always readable, an idle database keeps its
 *       last window of history, and every cutoff is below the latest commit and therefore below
 *       every future commit timestamp (which the committer assigns strictly increasing), as {@link
 *       Persistence#deleteShadowedRevisions} requires.
 *   <li><b>Persisted floor.</b> Before deleting, a pass records its cutoff in the store's global
 *       {@value #CUTOFF_GLOBAL}, so that after a crash mid-pass or a reopen with a larger window
 *       {@link Database#beginAt} still refuses timestamps whose history is gone.
 *   <li><b>Batches.</b> A pass calls the store in batches of {@code retentionBatchSize} until a
 *       batch removes nothing. Passes are serialized ({@code synchronized}); a scheduled pass that
 *       fails is logged and the next one retries from scratch (deletion is idempotent).
 *   <li><b>Readers.</b> Open transactions are not tracked: a cutoff only respects the horizon that
 *       {@link Database#beginAt} promised when the transaction began. A transaction that keeps
 *       reading after its snapshot has left the window (which is at least the OCC window, so it
 *       could not commit anyway) may miss revisions; keep transactions shorter than the window.
 *       Long reads ({@link SnapshotReader}: an export) {@link #hold} their timestamp instead: while a
 *       hold is open, no cutoff passes it.
 *   <li><b>Threads.</b> The worker never starts a thread: passes run on the scheduler from {@link
 *       DatabaseOptions#retentionScheduler()} (if any), or on the caller of {@link #runPass()}.
 * </ul>
 */
final class RetentionWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RetentionWorker.class.getName());

    /** The store global holding the highest cutoff passed to the store, in nanoseconds. */
    static final String CUTOFF_GLOBAL = "retention_cutoff";

    private final Persistence persistence;
    private final Supplier<Timestamp> lastCommitted;
    private final Duration window;
    private final int batchSize;
    private final AtomicLong floor;

    /** Open holds: timestamp (nanos) to how many readers hold it. */
    @GuardedBy("holds")
    private final TreeMap<Long, Integer> holds = new TreeMap<>();

    @GuardedBy("this")
    private Optional<ScheduledFuture<?>> scheduled = Optional.empty();

    RetentionWorker(Persistence persistence, Supplier<Timestamp> lastCommitted, DatabaseOptions options) {
        this.persistence = persistence;
        this.lastCommitted = lastCommitted;
        this.window = options.retentionWindow();
        this.batchSize = options.retentionBatchSize();
        this.floor = new AtomicLong(storedCutoff(persistence));
    }

    /** Schedules passes every {@code retentionInterval} on the options' scheduler, if there is one. */
    synchronized void start(DatabaseOptions options) {
        Optional<ScheduledExecutorService> scheduler = options.retentionScheduler();
        if (scheduler.isPresent()) {
            long every = options.retentionInterval().toNanos();
            scheduled = Optional.of(
                    scheduler.get().scheduleWithFixedDelay(this::runLogged, every, every, TimeUnit.NANOSECONDS));
        }
    }

    /** The oldest timestamp {@link Database#beginAt} accepts. */
    Timestamp oldestReadable() {
        return Timestamp.of(Math.max(floor.get(), windowStart(lastCommitted.get())));
    }

    /** Checks that a snapshot at {@code ts} is still complete. */
    void checkReadable(Timestamp ts) {
        Timestamp latest = lastCommitted.get();
        Timestamp oldest = Timestamp.of(Math.max(floor.get(), windowStart(latest)));
        if (ts.compareTo(oldest) < 0) {
            throw new DatabaseException(
                    DatabaseException.OUT_OF_RETENTION,
                    "Cannot read at timestamp " + ts.nanos() + ": the oldest readable timestamp is "
                            + oldest.nanos() + " (the retention window is " + window
                            + " before the latest commit " + latest.nanos()
                            + "; DatabaseOptions.retentionWindow)");
        }
    }

    /**
     * Keeps every revision visible at {@code ts} until the returned handle is closed: passes cut off at
     * most at the oldest held timestamp. Closing twice is harmless.
     */
    AutoCloseable hold(Timestamp ts) {
        synchronized (holds) {
            holds.merge(ts.nanos(), 1, Integer::sum);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (holds) {
                    holds.computeIfPresent(ts.nanos(), (k, n) -> n == 1 ? null : n - 1);
                }
            }
        };
    }

    /** Runs one pass now, on the calling thread: removes everything shadowed before the horizon. */
    synchronized RetentionPass runPass() {
        long cutoffNanos = windowStart(lastCommitted.get());
        synchronized (holds) {
            if (!holds.isEmpty()) {
                cutoffNanos = Math.min(cutoffNanos, holds.firstKey());
            }
        }
        if (cutoffNanos <= 0) {
            return new RetentionPass(Timestamp.MIN, 0, 0, 0);
        }
        Timestamp cutoff = Timestamp.of(cutoffNanos);
        if (cutoffNanos > floor.get()) {
            persistence.writeGlobal(CUTOFF_GLOBAL, Long.toString(cutoffNanos));
            floor.accumulateAndGet(cutoffNanos, Math::max);
        }
        long documents = 0;
        long indexEntries = 0;
        int batches = 0;
        RetentionResult batch;
        do {
            batch = persistence.deleteShadowedRevisions(cutoff, batchSize);
            documents += batch.documentRevisionsRemoved();
            indexEntries += batch.indexEntriesRemoved();
            batches++;
        } while (batch.total() > 0);
        return new RetentionPass(cutoff, documents, indexEntries, batches);
    }

    /** Stops scheduling passes; a pass already running finishes. Idempotent. */
    @Override
    public synchronized void close() {
        scheduled.ifPresent(f -> f.cancel(false));
        scheduled = Optional.empty();
    }

    private void runLogged() {
        try {
            RetentionPass pass = runPass();
            LOG.log(System.Logger.Level.DEBUG, () -> "retention of " + persistence.describe() + ": " + pass);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "retention pass of " + persistence.describe() + " failed; the next pass retries",
                    e);
        }
    }

    private long windowStart(Timestamp latest) {
        long windowNanos = window.toNanos();
        return latest.nanos() > windowNanos ? latest.nanos() - windowNanos : 0;
    }

    private static long storedCutoff(Persistence persistence) {
        Optional<String> stored = persistence.global(CUTOFF_GLOBAL);
        if (stored.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(stored.get());
        } catch (NumberFormatException e) {
            throw new DatabaseException(
                    DatabaseException.OUT_OF_RETENTION,
                    "The store " + persistence.describe() + " has a malformed global " + CUTOFF_GLOBAL + ": "
                            + stored.get(),
                    e);
        }
    }
}
