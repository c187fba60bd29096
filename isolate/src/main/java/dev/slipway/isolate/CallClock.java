package dev.slipway.isolate;

import org.jspecify.annotations.Nullable;

/**
 * The time and memory a {@link Call} has used: written by the context thread as steps and syscalls
 * begin and end, read by the {@link Watchdog} at any moment.
 *
 * <p>Implementation notes. Every field has one writer, the context thread (steps of a call never
 * overlap), so plain volatile writes suffice; the watchdog's reads may be a few microseconds stale,
 * which is harmless for limits measured in hundreds of milliseconds. Syscall time (and module
 * imports, which the call brackets the same way) is excluded from user time.
 */
final class CallClock {
    private final long startNanos = System.nanoTime();
    private volatile long stepStartNanos;
    private volatile long userNanosDone;
    private volatile long excludedStartNanos;
    private volatile long excludedNanosInStep;
    private volatile @Nullable Thread stepThread;
    private volatile long stepStartAllocated;
    private volatile long allocatedDone;

    /** Nanoseconds since the call was created. */
    long wallNanos(long now) {
        return now - startNanos;
    }

    double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    void beginStep(Thread thread) {
        excludedNanosInStep = 0;
        excludedStartNanos = 0;
        stepStartAllocated = Watchdog.allocatedBytes(thread);
        stepThread = thread;
        stepStartNanos = System.nanoTime();
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the context thread
    void endStep(Thread thread) {
        long now = System.nanoTime();
        userNanosDone = userNanosDone + (now - stepStartNanos - excludedNanosInStep);
        long allocated = Watchdog.allocatedBytes(thread);
        if (allocated >= 0) {
            allocatedDone = allocatedDone + Math.max(0, allocated - stepStartAllocated);
        }
        stepStartNanos = 0;
        stepThread = null;
    }

    /** Starts a stretch that is not user time (a syscall, a module import); returns its start. */
    long beginExcluded() {
        long now = System.nanoTime();
        excludedStartNanos = now;
        return now;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: the context thread
    void endExcluded(long started) {
        excludedNanosInStep = excludedNanosInStep + (System.nanoTime() - started);
        excludedStartNanos = 0;
    }

    /** User-code time at {@code now}: time inside steps minus syscalls and imports. */
    long userNanos(long now) {
        long total = userNanosDone;
        long stepStart = stepStartNanos;
        if (stepStart != 0) {
            total += now - stepStart - excludedNanosInStep;
            long excludedStart = excludedStartNanos;
            if (excludedStart != 0) {
                total -= now - excludedStart;
            }
        }
        return total;
    }

    /** Bytes the call's steps allocated so far (approximate while a step runs). */
    long allocatedBytes() {
        long total = allocatedDone;
        Thread thread = stepThread;
        if (thread != null) {
            long now = Watchdog.allocatedBytes(thread);
            if (now >= 0) {
                total += Math.max(0, now - stepStartAllocated);
            }
        }
        return total;
    }
}
