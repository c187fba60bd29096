package dev.slipway.isolate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Enforces the limits no single JavaScript call can enforce on itself: every {@value #TICK_MILLIS} ms
 * it checks each running call's time ({@link Call#checkDeadline}) and the JVM heap.
 *
 * <p>Implementation notes. GraalJS community has no per-context heap limit, so memory is watched
 * globally: when the used heap passes {@link RuntimeOptions#heapPressure()} of the maximum, the
 * watchdog asks for a collection (used heap includes garbage, e.g. of a context just retired), and if
 * the heap is still that full, terminates the call that allocated the most since it started
 * (per-thread allocation counters, summed over its steps), if it allocated at least {@value
 * #MEMORY_FLOOR_MIB} MiB. It looks again only {@value #MEMORY_COOLDOWN_MILLIS} ms later, so a heap
 * that stays full costs at most one collection a second. A call that
 * allocates faster than the watchdog samples still meets GraalJS's own out-of-memory handling, which
 * the call reports the same way. One scheduler thread runs the ticks; the calls set is concurrent
 * because calls are tracked and untracked from pool threads.
 */
final class Watchdog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    static final long TICK_MILLIS = 10;
    static final long MEMORY_FLOOR_MIB = 32;
    static final long MEMORY_COOLDOWN_MILLIS = 1_000;
    private static final com.sun.management.@Nullable ThreadMXBean THREADS = threads();

    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final double heapPressure;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ScheduledFuture<?> ticks;
    private long lastMemoryKill = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MEMORY_COOLDOWN_MILLIS);

    Watchdog(ScheduledExecutorService scheduler, double heapPressure) {
        this.heapPressure = heapPressure;
        this.ticks = scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void track(Call call) {
        calls.add(call);
    }

    void untrack(Call call) {
        calls.remove(call);
    }

    /** Stops every running call (the runtime is closing). */
    void terminateAll(Termination reason) {
        for (Call call : calls) {
            call.terminate(reason);
        }
    }

    int tracked() {
        return calls.size();
    }

    private void tick() {
        if (calls.isEmpty()) {
            return;
        }
        try {
            long now = System.nanoTime();
            for (Call call : calls) {
                call.checkDeadline(now);
            }
            checkHeap(now);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "watchdog tick failed", e);
        }
    }

    private void checkHeap(long now) {
        if (now - lastMemoryKill < TimeUnit.MILLISECONDS.toNanos(MEMORY_COOLDOWN_MILLIS)) {
            return;
        }
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long max = heap.getMax();
        if (max <= 0 || heap.getUsed() < heapPressure * max) {
            return;
        }
        // Used heap counts garbage too (e.g. a retired context's): confirm with a collection first.
        lastMemoryKill = now;
        memory.gc();
        heap = memory.getHeapMemoryUsage();
        if (heap.getUsed() < heapPressure * max) {
            return;
        }
        Call victim = null;
        long most = MEMORY_FLOOR_MIB << 20;
        for (Call call : calls) {
            long allocated = call.allocatedBytes();
            if (allocated >= most) {
                most = allocated;
                victim = call;
            }
        }
        if (victim != null && victim.terminate(Termination.heapPressure(heapPressure, most))) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Heap at {0} of {1} MiB: stopped the JavaScript call that allocated the most ({2} MiB)",
                    heap.getUsed() >> 20,
                    max >> 20,
                    most >> 20);
        }
    }

    /** Bytes {@code thread} allocated over its life, or -1 when the JVM does not count them. */
    @SuppressWarnings("ReferenceEquality") // the current thread has a cheaper counter
    static long allocatedBytes(Thread thread) {
        com.sun.management.ThreadMXBean threads = THREADS;
        if (threads == null) {
            return -1;
        }
        return thread == Thread.currentThread()
                ? threads.getCurrentThreadAllocatedBytes()
                : threads.getThreadAllocatedBytes(thread.threadId());
    }

    /** CPU time {@code thread} used over its life in nanoseconds, or -1 when the JVM does not measure it. */
    @SuppressWarnings("ReferenceEquality") // the current thread has a cheaper counter
    static long cpuNanos(Thread thread) {
        com.sun.management.ThreadMXBean threads = THREADS;
        if (threads == null || !threads.isThreadCpuTimeSupported()) {
            return -1;
        }
        return thread == Thread.currentThread()
                ? threads.getCurrentThreadCpuTime()
                : threads.getThreadCpuTime(thread.threadId());
    }

    private static com.sun.management.@Nullable ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            threads.setThreadAllocatedMemoryEnabled(true);
            return threads;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "This JVM does not count allocations per thread; the heap watch cannot pick a call to stop");
        return null;
    }

    @Override
    public void close() {
        ticks.cancel(false);
        calls.clear();
    }
}
