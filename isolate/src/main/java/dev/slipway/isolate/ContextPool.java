package dev.slipway.isolate;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warm contexts per code version, leased to one call at a time.
 *
 * <p>Implementation notes. Idle contexts wait in a stack per version (the most recently used is
 * leased first: its code is the warmest) and in one global LRU order. Returning a context may evict:
 * the version's oldest idle context past {@link RuntimeOptions#contextsPerVersion()}, then the
 * globally least recently used past {@link RuntimeOptions#maxPooledContexts()}. Leasing never waits:
 * with no idle context a new one is made (4-6 ms plus the first import), so concurrency beyond the caps
 * costs contexts that are closed when they come back. Contexts are made and closed outside the lock.
 * In-use contexts are not counted by the caps; they are bounded by the calls in flight.
 *
 * <p>A call answers its caller before its context is checked for changed built-ins and released
 * ({@link #returning}); a lease that finds no idle context but one of its version on the way back
 * waits for it, up to {@link #RETURN_WAIT_NANOS}, rather than making a new context just because the
 * previous call's check has not ended yet.
 */
final class ContextPool implements AutoCloseable {
    private final Sandbox sandbox;
    private final int perVersion;
    private final int total;
    private final Object lock = new Object();

    @GuardedBy("lock")
    private final Map<String, ArrayDeque<JsContext>> idle = new HashMap<>();

    @GuardedBy("lock")
    private final LinkedHashSet<JsContext> lru = new LinkedHashSet<>();

    @GuardedBy("lock")
    private boolean closed;

    /** Contexts whose call has answered and that are being checked before release (a few at most: one per thread). */
    @GuardedBy("lock")
    private final Set<JsContext> marked = new HashSet<>();

    /** The longest a lease waits for a returning context (the check takes tens of microseconds). */
    static final long RETURN_WAIT_NANOS = 5_000_000;

    /** Set on a thread while it answers a call whose context is returning: it must not wait for it. */
    private static final ThreadLocal<Boolean> ANSWERING = ThreadLocal.withInitial(() -> false);

    ContextPool(Sandbox sandbox, RuntimeOptions options) {
        this.sandbox = sandbox;
        this.perVersion = options.contextsPerVersion();
        this.total = options.maxPooledContexts();
    }

    /** A context of {@code version} for one call: an idle one, or a new one. */
    JsContext lease(CodeVersion version) {
        long deadline = System.nanoTime() + RETURN_WAIT_NANOS;
        synchronized (lock) {
            while (true) {
                if (closed) {
                    throw new IsolateException(IsolateException.CLOSED, "The JavaScript runtime is closed");
                }
                ArrayDeque<JsContext> stack = idle.get(version.key());
                if (stack != null && !stack.isEmpty()) {
                    JsContext context = stack.pollLast();
                    lru.remove(context);
                    if (stack.isEmpty()) {
                        idle.remove(version.key());
                    }
                    return context;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ANSWERING.get() || !returningOf(version.key())) {
                    break;
                }
                try {
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return sandbox.newContext(version);
    }

    /**
     * Marks {@code context} as on its way back: its call is about to answer, and {@link #release} or
     * {@link #discard} follows on this thread once the context is checked. Runs {@code answer} in
     * between, with leases on this thread not waiting for the context.
     */
    void returning(JsContext context, Runnable answer) {
        synchronized (lock) {
            marked.add(context);
        }
        ANSWERING.set(true);
        try {
            answer.run();
        } finally {
            ANSWERING.set(false);
        }
    }

    @GuardedBy("lock")
    private boolean returningOf(String versionKey) {
        return marked.stream().anyMatch(c -> c.version().key().equals(versionKey));
    }

    /** Ends {@link #returning} for {@code context}, waking leases waiting for one of its version. */
    @GuardedBy("lock")
    private void returned(JsContext context) {
        if (marked.remove(context)) {
            lock.notifyAll();
        }
    }

    /** Takes a context back after a clean call. */
    void release(JsContext context) {
        context.touch(System.nanoTime());
        List<JsContext> evicted = new ArrayList<>();
        synchronized (lock) {
            returned(context);
            if (closed || context.poisoned()) {
                evicted.add(context);
            } else {
                ArrayDeque<JsContext> stack =
                        idle.computeIfAbsent(context.version().key(), k -> new ArrayDeque<>());
                stack.addLast(context);
                lru.add(context);
                while (stack.size() > perVersion) {
                    JsContext oldest = stack.pollFirst();
                    lru.remove(oldest);
                    evicted.add(oldest);
                }
                Iterator<JsContext> order = lru.iterator();
                while (lru.size() > total && order.hasNext()) {
                    JsContext oldest = order.next();
                    order.remove();
                    ArrayDeque<JsContext> its = idle.get(oldest.version().key());
                    if (its != null) {
                        its.remove(oldest);
                        if (its.isEmpty()) {
                            idle.remove(oldest.version().key());
                        }
                    }
                    evicted.add(oldest);
                }
            }
        }
        evicted.forEach(JsContext::close);
    }

    /** Closes a context that must not be reused. */
    void discard(JsContext context) {
        synchronized (lock) {
            returned(context);
        }
        context.poison();
        context.close();
    }

    /** Waits until no context is on its way back (for checks of the pool's state), at most {@code timeoutMillis}. */
    void awaitReturned(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (lock) {
            while (!marked.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(
                            marked.size() + " contexts still returning after " + timeoutMillis + " ms");
                }
                lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
    }

    /** Idle contexts of {@code version}. */
    int idle(CodeVersion version) {
        synchronized (lock) {
            ArrayDeque<JsContext> stack = idle.get(version.key());
            return stack == null ? 0 : stack.size();
        }
    }

    /** Idle contexts of every version. */
    int idle() {
        synchronized (lock) {
            return lru.size();
        }
    }

    @Override
    public void close() {
        List<JsContext> all;
        synchronized (lock) {
            closed = true;
            marked.clear();
            lock.notifyAll();
            all = new ArrayList<>(lru);
            lru.clear();
            idle.clear();
        }
        all.forEach(JsContext::close);
    }
}
