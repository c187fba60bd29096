package dev.slipway.application;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.HttpActionResult;
import dev.slipway.isolate.InvocationResult;
import dev.slipway.isolate.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The recent function executions of one deployment, for {@code slipway logs}: a bounded ring in
 * memory, read with a cursor, and a blocking read for long polling.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Ring.</b> Entry number {@code n} (from 1, in the order executions ended) lives in slot
 *       {@code (n - 1) mod capacity} until entry {@code n + capacity} replaces it. The log holds
 *       what happened since this process started; it is not stored.
 *   <li><b>Cursors.</b> An entry's id, which is also a cursor, is {@code <epoch>.<n>}, where the
 *       epoch is random per log: a cursor from before a restart is recognised as such. Reading after
 *       a cursor returns the entries that follow it, oldest first, and the cursor of the last one
 *       returned, so a reader that always passes back the cursor it got sees every entry once, with
 *       no gap and no repeat. When entries after the cursor were already overwritten, or the cursor
 *       belongs to another epoch, the page starts at the oldest entry kept and says {@link
 *       Page#truncated()}: never a silent gap.
 *   <li><b>Waiting.</b> {@link #awaitAfter} sleeps on a condition that every append signals, so a
 *       long poll costs nothing while nothing runs and answers as soon as something does.
 * </ul>
 */
public final class FunctionLog {
    /** The default number of entries kept. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** The error code of a cursor that cannot be read. */
    public static final String INVALID_CURSOR = "InvalidLogCursor";

    private final int capacity;
    private final String epoch;
    private final LongSupplier clockMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();

    @GuardedBy("lock")
    private final FunctionLogEntry[] ring;

    /** The number of the next entry; entries 1 .. next - 1 were appended. */
    @GuardedBy("lock")
    private long next = 1;

    @GuardedBy("lock")
    private boolean closed;

    /**
     * One read of the log.
     *
     * @param entries the entries, oldest first
     * @param cursor where the next read continues (after the last entry returned)
     * @param truncated whether entries between the cursor asked for and the first one returned are
     *     lost: overwritten in the ring, or from before a restart
     */
    public record Page(List<FunctionLogEntry> entries, String cursor, boolean truncated) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A log keeping the last {@code capacity} entries, stamped with {@code clockMillis}.
     *
     * @throws IllegalArgumentException when {@code capacity} is less than 1
     */
    public FunctionLog(int capacity, LongSupplier clockMillis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the function log capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clockMillis = clockMillis;
        this.ring = new FunctionLogEntry[capacity];
        this.epoch = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** How many entries the log keeps. */
    public int capacity() {
        return capacity;
    }

    /**
     * Up to {@code limit} entries after {@code cursor} (from the oldest kept when empty), without
     * waiting.
     *
     * @throws ApplicationException ({@link #INVALID_CURSOR}) for a cursor this log never gave out
     */
    public Page after(Optional<String> cursor, int limit) {
        checkLimit(limit);
        lock.lock();
        try {
            return page(cursor, limit);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #after}, but when nothing follows the cursor yet, waits up to {@code timeout} for
     * the next entry. Answers at once when the page is truncated (that is news too), and with an
     * empty page when the time passes, the log is closed, or the thread is interrupted.
     */
    public Page awaitAfter(Optional<String> cursor, int limit, Duration timeout) {
        checkLimit(limit);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Page page = page(cursor, limit);
                long left = deadline - System.nanoTime();
                if (!page.entries().isEmpty() || page.truncated() || limit == 0 || closed || left <= 0) {
                    return page;
                }
                try {
                    appended.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return page;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code n} entries (at most what is kept), oldest first; with {@code n = 0}, the cursor at the end. */
    public Page tail(int n) {
        checkLimit(n);
        lock.lock();
        try {
            long first = Math.max(oldest(), next - n);
            return read(first, n, false);
        } finally {
            lock.unlock();
        }
    }

    /** How many readers wait in {@link #awaitAfter} right now (a test appends once one waits). */
    int waitingReaders() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(appended);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting reader for good: the deployment is closing. */
    void close() {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- recording ---------------------------------------------------------------------------

    /**
     * Runs {@code run} (one call of {@code call.path()} as a {@code kind}) and records it; a call that
     * throws is recorded as failed with the exception's message, and the exception propagates.
     */
    FunctionResult timed(FunctionCall call, FunctionKind kind, Supplier<FunctionResult> run) {
        long startMillis = clockMillis.getAsLong();
        long startNanos = System.nanoTime();
        FunctionResult result;
        try {
            result = run.get();
        } catch (RuntimeException e) {
            record(call, call.path().toString(), kind, startMillis, startNanos, Optional.of(describe(e)), List.of());
            throw e;
        }
        Optional<String> error =
                result instanceof FunctionResult.Failure failure ? Optional.of(failure.message()) : Optional.empty();
        record(call, call.path().toString(), kind, startMillis, startNanos, error, result.logLines());
        return result;
    }

    /** Runs an HTTP action ({@code function} is {@code "GET /path"}) and records it, as {@link #timed}. */
    HttpActionResult timedHttp(FunctionCall call, String function, Supplier<HttpActionResult> run) {
        long startMillis = clockMillis.getAsLong();
        long startNanos = System.nanoTime();
        HttpActionResult result;
        try {
            result = run.get();
        } catch (RuntimeException e) {
            record(
                    call,
                    function,
                    FunctionKind.HTTP_ACTION,
                    startMillis,
                    startNanos,
                    Optional.of(describe(e)),
                    List.of());
            throw e;
        }
        Optional<String> error = result.outcome() instanceof InvocationResult.Failure failure
                ? Optional.of(failure.message())
                : Optional.empty();
        record(call, function, FunctionKind.HTTP_ACTION, startMillis, startNanos, error, result.logLines());
        return result;
    }

    /** The deployment's clock, in milliseconds: what entries are stamped with. */
    long now() {
        return clockMillis.getAsLong();
    }

    /**
     * Records an execution of {@code call} that started at {@code startMillis} (deployment clock) and
     * {@code startNanos} ({@link System#nanoTime()}) and ended now: failed with {@code error}, or
     * succeeded when it is empty.
     */
    void record(
            FunctionCall call,
            String function,
            FunctionKind kind,
            long startMillis,
            long startNanos,
            Optional<String> error,
            List<LogLine> lines) {
        double durationMs = (System.nanoTime() - startNanos) / 1e6;
        append(new FunctionLogEntry(
                "",
                startMillis,
                function,
                kind,
                error.isEmpty(),
                durationMs,
                lines.stream().map(LogLine::render).toList(),
                error,
                call.request().requestId(),
                call.origin(),
                call.request().scheduledJob()));
    }

    /** Appends {@code draft} (its id is replaced by its place) and wakes the readers waiting for it. */
    void append(FunctionLogEntry draft) {
        lock.lock();
        try {
            long n = next++;
            ring[slot(n)] = draft.withId(cursor(n));
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    // ---- reading -----------------------------------------------------------------------------

    @GuardedBy("lock")
    private Page page(Optional<String> cursor, int limit) {
        if (cursor.isEmpty()) {
            return read(oldest(), limit, false);
        }
        String text = cursor.get();
        int dot = text.lastIndexOf('.');
        long after;
        try {
            after = dot < 0 ? -1 : Long.parseLong(text.substring(dot + 1));
        } catch (NumberFormatException e) {
            after = -1;
        }
        if (after < 0) {
            throw new ApplicationException(
                    INVALID_CURSOR,
                    "Invalid log cursor \"" + text + "\": pass back a cursor or an entry id the log returned");
        }
        if (!text.substring(0, dot).equals(epoch)) {
            return read(oldest(), limit, true); // from before a restart: whatever came between is lost
        }
        if (after >= next) {
            throw new ApplicationException(
                    INVALID_CURSOR,
                    "Invalid log cursor \"" + text + "\": it is past the newest entry (" + cursor(next - 1) + ")");
        }
        long first = after + 1;
        return first < oldest() ? read(oldest(), limit, true) : read(first, limit, false);
    }

    /** Up to {@code limit} entries from number {@code first}. */
    @GuardedBy("lock")
    private Page read(long first, int limit, boolean truncated) {
        long end = Math.min(next, first + limit);
        List<FunctionLogEntry> entries = new ArrayList<>((int) Math.max(0, end - first));
        for (long n = first; n < end; n++) {
            entries.add(ring[slot(n)]);
        }
        return new Page(entries, cursor(Math.max(first, end) - 1), truncated);
    }

    @GuardedBy("lock")
    private long oldest() {
        return Math.max(1, next - capacity);
    }

    private int slot(long n) {
        return (int) ((n - 1) % capacity);
    }

    private String cursor(long n) {
        return epoch + "." + n;
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
    }

    @Override
    public String toString() {
        return "FunctionLog[epoch " + epoch + ", capacity " + capacity + "]";
    }
}
