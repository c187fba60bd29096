package dev.slipway.sync;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.sync.protocol.ValueText;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * What the sessions holding the same query run share: one subscription to what it read, and the
 * JSON text of its result. The backend shares a run across sessions (a thousand sockets watching
 * one query get the same {@link QueryRun} instance); subscribing each of them to the deployment would
 * register the same read set a thousand times and unregister it a thousand times per commit, and
 * encoding the result for each socket would write the same text a thousand times. Here the first
 * session to hold a run subscribes to its dependency once, the others join that subscription, and
 * the result is encoded once, when the first of them sends it ({@link #json}).
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Groups.</b> One {@link Group} per run, keyed by the identity of its {@link Dependency} (the
 * sharing comes from the backend handing out one run, and identity costs nothing to compare), in a
 * concurrent map; a second map finds the group of a result value by the value's identity, for its
 * text. A group lives from its first member until it fires or its last member leaves; then it is
 * <i>finished</i> and leaves both maps, and a later subscriber starts a new group with a new
 * subscription to the dependency. That new subscription is told at once of a commit that already
 * happened ({@link Dependency#subscribe} promises it), so joining late never misses one. A value
 * whose group is gone (or never was: a run without a dependency) is encoded where it is sent.
 *
 * <p><b>Concurrency.</b> Each group has its own lock, held only to change its members or its state;
 * the dependency is subscribed, cancelled and the members told without it. A session subscribes
 * with its own lock held, and a member's callback takes that session's lock, so a group never calls
 * members on the thread that fired it: it hands them to the executor in {@link Batches} (one task
 * for a few sockets, several for many, so they run in parallel). Members are therefore always told
 * on an executor thread that holds no session's lock. The one subscription to the dependency is
 * made by whichever member's {@link Group#start} wins; a group that finished before (or while) it was
 * made cancels it. The text is computed at most a few times (two sessions may race to encode it
 * first; either result is the same).
 *
 * <p><b>Guarantees.</b> A member's callback runs at most once, and never after its cancel returned
 * unless the group had fired already (as with any {@link Dependency}, the session treats it as a
 * hint and checks the generation). Every member of a group that fires is told.
 */
final class SharedRuns implements ValueText {
    private final ConcurrentHashMap<IdentityKey, Group> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IdentityKey, Group> byValue = new ConcurrentHashMap<>();
    private final Executor executor;

    SharedRuns(Executor executor) {
        this.executor = executor;
    }

    /**
     * Subscribes {@code invalidated} to {@code run}'s dependency ({@link Dependency#subscribe}'s
     * contract), sharing one subscription with the other current holders of the same run. Any thread.
     */
    Subscription subscribe(QueryRun run, Runnable invalidated) {
        Dependency dependency = run.dependency();
        if (dependency == Dependency.none()) {
            return dependency.subscribe(invalidated);
        }
        IdentityKey key = new IdentityKey(dependency);
        while (true) {
            Group group = groups.computeIfAbsent(key, k -> new Group(k, run));
            Member member = group.join(invalidated);
            if (member != null) {
                group.start();
                return member;
            }
            groups.remove(key, group); // finished between the lookup and the join
        }
    }

    /** The Convex-JSON text of {@code value}: encoded once per held run, or here when no run holds it. */
    @Override
    public String json(Value value) {
        Group group = byValue.get(new IdentityKey(value));
        return group != null ? group.text() : ConvexJson.encode(value);
    }

    /** The number of groups (runs with holders); for tests. */
    int groups() {
        return groups.size();
    }

    /** The value a run sends (its result, or a failure's data), if any. */
    private static Optional<Value> resultOf(QueryRun run) {
        return switch (run.outcome()) {
            case Outcome.Success s -> Optional.of(s.value());
            case Outcome.Failure f -> f.data();
        };
    }

    /** One session's subscription: its cancel leaves the group; running it tells the session. */
    private static final class Member implements Subscription, Runnable {
        private final Group group;
        private final Runnable invalidated;

        Member(Group group, Runnable invalidated) {
            this.group = group;
            this.invalidated = invalidated;
        }

        @Override
        public void cancel() {
            group.leave(this);
        }

        @Override
        public void run() {
            invalidated.run();
        }
    }

    /** The holders of one run. */
    private final class Group {
        private final IdentityKey key;
        private final Dependency dependency;
        private final Optional<Value> result;
        private final AtomicBoolean started = new AtomicBoolean();
        private final ReentrantLock lock = new ReentrantLock();
        private volatile @Nullable String text;

        @GuardedBy("lock")
        private final Set<Member> members = new HashSet<>();

        @GuardedBy("lock")
        private boolean finished;

        @GuardedBy("lock")
        private @Nullable Subscription upstream;

        Group(IdentityKey key, QueryRun run) {
            this.key = key;
            this.dependency = run.dependency();
            this.result = resultOf(run);
        }

        /** A new member, or null when the group has finished. */
        @Nullable
        Member join(Runnable invalidated) {
            lock.lock();
            try {
                if (finished) {
                    return null;
                }
                Member member = new Member(this, invalidated);
                members.add(member);
                return member;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Once per group: offers the result's text and subscribes to the dependency; cancels the
         * subscription again if the group finished meanwhile.
         */
        void start() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            Subscription subscription = dependency.subscribe(this::fire);
            boolean late;
            lock.lock();
            try {
                late = finished;
                if (!late) {
                    upstream = subscription;
                    result.ifPresent(value -> byValue.putIfAbsent(new IdentityKey(value), this));
                }
            } finally {
                lock.unlock();
            }
            if (late) {
                subscription.cancel();
            }
        }

        String text() {
            String known = text;
            if (known == null) {
                known = ConvexJson.encode(result.orElseThrow());
                text = known;
            }
            return known;
        }

        /** The dependency was invalidated: finish and tell every member, on the executor. */
        private void fire() {
            List<Member> told;
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                finished = true;
                upstream = null;
                told = new ArrayList<>(members);
                members.clear();
            } finally {
                lock.unlock();
            }
            forget();
            Batches.dispatch(executor, told);
        }

        /** A member cancelled; the last one out cancels the subscription. */
        void leave(Member member) {
            Subscription cancelled;
            lock.lock();
            try {
                if (finished || !members.remove(member) || !members.isEmpty()) {
                    return;
                }
                finished = true;
                cancelled = upstream;
                upstream = null;
            } finally {
                lock.unlock();
            }
            forget();
            if (cancelled != null) {
                cancelled.cancel();
            }
        }

        /** Leaves both maps (after finishing, so {@link #start} cannot put it back). */
        private void forget() {
            groups.remove(key, this);
            result.ifPresent(value -> byValue.remove(new IdentityKey(value), this));
        }
    }
}
