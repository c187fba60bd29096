package dev.slipway.database.subscription;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.persistence.IndexKey;
import java.util.HashMap;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The intervals of one index read by registered subscriptions. Point reads ({@code [k,
 * k.successor())}, the bulk of a typical read set: {@code db.get} and unique lookups) live in a hash
 * map from key to owners, so a write tests them in O(1); every other interval lives in an {@link
 * IntervalTreap}.
 *
 * <p>Thread-safe: one monitor per index, held for the whole of one registration's intervals in this
 * index, one unregistration's, or one commit's keys in this index. Operations on different indexes do
 * not contend, and a thread never holds two of these locks at once, so there is no lock ordering to
 * get wrong.
 */
final class IndexSubscriptions<T> {
    private final Object lock = new Object();

    @GuardedBy("lock")
    private final HashMap<IndexKey, Owners<T>> points = new HashMap<>();

    @GuardedBy("lock")
    private final IntervalTreap<T> ranges = new IntervalTreap<>(new SplittableRandom());

    void add(KeyIntervals intervals, Subscription<T> subscription) {
        synchronized (lock) {
            for (int i = 0; i < intervals.size(); i++) {
                IndexKey start = intervals.start(i);
                IndexKey end = intervals.end(i);
                if (isPoint(start, end)) {
                    Owners<T> owners = points.get(start);
                    if (owners == null) {
                        points.put(start, new Owners<>(subscription));
                    } else {
                        owners.add(subscription);
                    }
                } else {
                    ranges.insert(start, end, subscription);
                }
            }
        }
    }

    void remove(KeyIntervals intervals, Subscription<T> subscription) {
        synchronized (lock) {
            for (int i = 0; i < intervals.size(); i++) {
                IndexKey start = intervals.start(i);
                IndexKey end = intervals.end(i);
                if (isPoint(start, end)) {
                    Owners<T> owners = points.get(start);
                    if (owners != null && owners.remove(subscription)) {
                        points.remove(start);
                    }
                } else {
                    ranges.remove(start, end, subscription);
                }
            }
        }
    }

    /** Adds every active subscription with an interval containing one of {@code keys} to {@code hits}. */
    void collect(IndexKey[] keys, Hits<T> hits) {
        synchronized (lock) {
            for (IndexKey key : keys) {
                Owners<T> owners = points.get(key);
                if (owners != null) {
                    owners.collectInto(hits);
                }
                ranges.stab(key, hits);
            }
        }
    }

    /** The number of distinct intervals held (points and ranges). */
    int intervalCount() {
        synchronized (lock) {
            return points.size() + ranges.size();
        }
    }

    /** Whether {@code [start, end)} holds exactly one key, {@code start}. */
    private static boolean isPoint(IndexKey start, @Nullable IndexKey end) {
        return end != null && end.equals(start.successor());
    }
}
