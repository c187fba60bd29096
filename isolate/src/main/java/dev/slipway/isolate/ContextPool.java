package dev.slipway.isolate;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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

    ContextPool(Sandbox sandbox, RuntimeOptions options) {
        this.sandbox = sandbox;
        this.perVersion = options.contextsPerVersion();
        this.total = options.maxPooledContexts();
    }

    /** A context of {@code version} for one call: an idle one, or a new one. */
    JsContext lease(CodeVersion version) {
        synchronized (lock) {
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
        }
        return sandbox.newContext(version);
    }

    /** Takes a context back after a clean call. */
    void release(JsContext context) {
        context.touch(System.nanoTime());
        List<JsContext> evicted = new ArrayList<>();
        synchronized (lock) {
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
        context.poison();
        context.close();
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
            all = new ArrayList<>(lru);
            lru.clear();
            idle.clear();
        }
        all.forEach(JsContext::close);
    }
}
