package dev.slipway.sync;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sessions waiting for the same future go on together. When a commit invalidates a query that
 * thousands of sessions watch, they all plan an update and get the one shared run's future from the
 * backend; instead of one executor hand-off per session when it completes, the waiters of one future
 * form a group with one callback on it, and go on in {@link Batches} of a few hundred.
 *
 * <p>Implementation notes. Groups are keyed by the future's identity in a concurrent map; a group
 * lives from its first waiter until the future completes (then it leaves the map, and a late waiter
 * finds the future done and goes on at once, on its own thread). Each group has its own lock, held
 * only to add a waiter or to release the group; the callback on the future is attached once, by the
 * first waiter, after it joined (a future completed by then calls it at once, on that thread, which
 * only hands the waiters to the executor).
 */
final class Continuations {
    private final ConcurrentHashMap<IdentityKey, Group> groups = new ConcurrentHashMap<>();
    private final Executor executor;

    Continuations(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code then} once {@code future} has completed (normally or not): at once on this thread
     * if it has, otherwise on the executor, together with the other waiters of the same future. Call
     * it from an executor thread that holds no session's lock.
     */
    void whenDone(CompletableFuture<?> future, Runnable then) {
        IdentityKey key = new IdentityKey(future);
        while (!future.isDone()) {
            Group group = groups.computeIfAbsent(key, Group::new);
            switch (group.join(then)) {
                case FIRST -> {
                    CompletableFuture<?> _ = future.whenComplete((result, error) -> group.release());
                    return;
                }
                case JOINED -> {
                    return;
                }
                case RELEASED -> groups.remove(key, group);
            }
        }
        then.run();
    }

    /** The number of futures with waiters; for tests. */
    int groups() {
        return groups.size();
    }

    private enum Joined {
        /** The first waiter: it attaches the callback. */
        FIRST,
        JOINED,
        /** Too late: the future completed and the group is gone. */
        RELEASED
    }

    private final class Group {
        private final IdentityKey key;
        private final ReentrantLock lock = new ReentrantLock();

        @GuardedBy("lock")
        private final List<Runnable> waiters = new ArrayList<>();

        @GuardedBy("lock")
        private boolean released;

        Group(IdentityKey key) {
            this.key = key;
        }

        Joined join(Runnable then) {
            lock.lock();
            try {
                if (released) {
                    return Joined.RELEASED;
                }
                waiters.add(then);
                return waiters.size() == 1 ? Joined.FIRST : Joined.JOINED;
            } finally {
                lock.unlock();
            }
        }

        void release() {
            List<Runnable> going;
            lock.lock();
            try {
                released = true;
                going = List.copyOf(waiters);
                waiters.clear();
            } finally {
                lock.unlock();
            }
            groups.remove(key, this);
            Batches.dispatch(executor, going);
        }
    }
}
