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
 *
 * <p>User time is wall-clock time, which a busy machine inflates: a thread that waits for a core while
 * other processes or the JIT's compiler threads run is not running user code.
 * So the steps' thread CPU time is kept too ({@link #cpuNanos}); the limit is reached only when both
 * are over it. CPU time is read twice per step, never per syscall, so the per-document path stays
 * cheap; it includes the CPU of syscalls, which the wall-clock measure excludes.
 */
final class CallClock {
    private final long startNanos = System.nanoTime();
    private volatile long stepStartNanos;
    private volatile long userNanosDone;
    private volatile long excludedStartNanos;
    private volatile long excludedNanosInStep;
    private volatile @Nullable Thread stepThread;
    private volatile long stepStartAllocated;
    private volatile long stepStartCpu;
    private volatile long cpuNanosDone;
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
        stepStartCpu = Watchdog.cpuNanos(thread);
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
        long cpu = Watchdog.cpuNanos(thread);
        if (cpu >= 0 && stepStartCpu >= 0) {
            cpuNanosDone = cpuNanosDone + Math.max(0, cpu - stepStartCpu);
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

    /**
     * CPU time the call's steps used so far, syscalls included; {@link Long#MAX_VALUE} when the JVM
     * does not measure thread CPU time (then only the wall-clock user time limits the call).
     */
    long cpuNanos() {
        long step = stepStartCpu;
        if (step < 0) {
            return Long.MAX_VALUE;
        }
        long total = cpuNanosDone;
        Thread thread = stepThread;
        if (thread != null) {
            long now = Watchdog.cpuNanos(thread);
            if (now >= 0) {
                total += Math.max(0, now - step);
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
