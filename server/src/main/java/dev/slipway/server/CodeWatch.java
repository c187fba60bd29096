package dev.slipway.server;

import dev.slipway.sync.Subscription;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a deployment's code pushes and tells subscribed query runs when new code lands: a query's
 * result belongs to the code that computed it, so a push invalidates every subscription.
 */
final class CodeWatch {
    private final AtomicLong generation = new AtomicLong();
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    private record Watcher(long generation, Runnable listener) {}

    /** The number of pushes so far. */
    long generation() {
        return generation.get();
    }

    /**
     * Calls {@code listener} once when the code changes after {@code seen} (at once if it already
     * has). Any thread.
     */
    Subscription onChange(long seen, Runnable listener) {
        Watcher watcher = new Watcher(seen, listener);
        watchers.add(watcher);
        if (generation.get() != seen && watchers.remove(watcher)) {
            listener.run();
        }
        return () -> watchers.remove(watcher);
    }

    /** Records a push and notifies every watcher. */
    void changed() {
        generation.incrementAndGet();
        Iterator<Watcher> it = watchers.iterator();
        while (it.hasNext()) {
            Watcher watcher = it.next();
            if (watchers.remove(watcher)) {
                watcher.listener().run();
            }
        }
    }
}
