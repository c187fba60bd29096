package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.Timestamp;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The core of the subscription manager: the read sets of registered subscriptions, indexed so that,
 * for each commit, exactly the subscriptions whose read sets contain a written key are found.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Structure.</b> One {@link IndexSubscriptions} per index that any registered read set touches:
 * point intervals in a hash map, other intervals in an augmented {@link IntervalTreap}. A commit
 * looks up only the indexes it wrote, and in each, every written key costs one hash probe plus one
 * stab: O(log n) expected when it invalidates nothing, plus the hits when it does. A subscription
 * with an interval in an index is registered in that index's structure once per interval (read sets
 * are normalized, so its intervals never overlap), and it is reported at most once per commit.
 *
 * <p><b>Concurrency.</b> Registrations and unregistrations come from many threads; {@link
 * #invalidated} comes from the committer thread. The map of indexes is a {@link ConcurrentHashMap}
 * whose entries are created on first use and never removed (there are as many as indexes ever
 * subscribed to). Each {@link IndexSubscriptions} has its own lock, held for one operation's keys or
 * intervals in that index only; no thread holds two locks. Registration is therefore not atomic
 * across indexes: a commit that runs concurrently with a registration (or an unregistration) may
 * report it or not. Precision never suffers: a reported subscription always has an interval that
 * contains a written key. A subscription is active until {@link #unregister} starts, and inactive
 * ones are never reported, so after {@code unregister} returns, the subscription is never reported
 * again.
 *
 * <p><b>Registering a result computed in the past.</b> A query runs at timestamp {@code t} and
 * registers its read set afterwards; commits after {@code t} may have been published in between, and
 * their invalidation could not see the subscription. {@link #registerAt} closes that gap with the
 * write log: it registers first and then checks the log for commits after {@code t}. The committer
 * must {@link WriteLog#append} each commit before it calls {@link #invalidated} for it. Then, for
 * every commit C after {@code t} that touches the read set, either C's invalidation took the index
 * lock after the registration released it, and reports the subscription, or it took it before; then
 * C was appended before the registration finished, and the log check that follows finds C (the
 * volatile publication of the log and the index locks order both). A subscription is thus never
 * missed, and may be reported twice (by C and by the check); invalidation is idempotent.
 *
 * @param <T> the caller's token type
 */
public final class SubscriptionIndex<T> {
    private final ConcurrentHashMap<IndexId, IndexSubscriptions<T>> byIndex = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    private SubscriptionIndex() {}

    public static <T> SubscriptionIndex<T> create() {
        return new SubscriptionIndex<>();
    }

    /**
     * Registers {@code readSet} for {@code token}; commits that write a key in it report the returned
     * subscription until it is unregistered. Any thread.
     */
    public Subscription<T> register(T token, ReadSet readSet) {
        Subscription<T> subscription = new Subscription<>(this, token, readSet);
        readSet.byIndex()
                .forEach((index, intervals) -> byIndex.computeIfAbsent(index, i -> new IndexSubscriptions<>())
                        .add(intervals, subscription));
        size.incrementAndGet();
        return subscription;
    }

    /**
     * Registers {@code readSet}, read at {@code readTs}, unless a commit after {@code readTs} in
     * {@code log} already wrote a key in it (or {@code readTs} is older than the log's horizon): then
     * nothing stays registered and the answer is {@link Registration.Stale}. Any thread.
     *
     * <p>A commit that runs concurrently may still report the subscription of a registration that
     * ends up stale; it is inactive by the time this returns, and the caller ignores it.
     */
    public Registration<T> registerAt(T token, ReadSet readSet, Timestamp readTs, WriteLog log) {
        Subscription<T> subscription = register(token, readSet);
        Optional<Conflict> conflict = log.conflict(readSet, readTs);
        if (conflict.isPresent()) {
            unregister(subscription);
            return new Registration.Stale<>(conflict.get());
        }
        return new Registration.Active<>(subscription);
    }

    /**
     * Unregisters {@code subscription}; false if it was already unregistered. Any thread.
     *
     * @throws IllegalArgumentException if it was registered in another index
     */
    public boolean unregister(Subscription<T> subscription) {
        if (subscription.index() != this) {
            throw new IllegalArgumentException(subscription + " belongs to another subscription index");
        }
        if (!subscription.deactivate()) {
            return false;
        }
        subscription.readSet().byIndex().forEach((index, intervals) -> {
            IndexSubscriptions<T> subscriptions = byIndex.get(index);
            if (subscriptions != null) {
                subscriptions.remove(intervals, subscription);
            }
        });
        size.decrementAndGet();
        return true;
    }

    /**
     * The active subscriptions whose read sets contain a key that {@code keys} wrote; an empty set,
     * without allocating, when there are none. The set is unmodifiable and its order unspecified. It
     * changes nothing: the caller unregisters what it re-runs. Meant for the committer thread, after
     * the commit was appended to the write log; safe on any thread.
     */
    public Set<Subscription<T>> invalidated(CommitKeys keys) {
        Hits<T> hits = new Hits<>();
        for (int i = 0; i < keys.indexCount(); i++) {
            IndexSubscriptions<T> subscriptions = byIndex.get(keys.index(i));
            if (subscriptions != null) {
                subscriptions.collect(keys.keysAt(i), hits);
            }
        }
        return hits.result();
    }

    /** The number of registered subscriptions. */
    public int size() {
        return size.get();
    }

    /** The number of distinct intervals held over all indexes; for metrics and tests. */
    public long intervalCount() {
        long count = 0;
        for (IndexSubscriptions<T> subscriptions : byIndex.values()) {
            count += subscriptions.intervalCount();
        }
        return count;
    }
}
