package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The index intervals a transaction or a query read: per index, a normalized list of key ranges
 * (sorted, non-empty, disjoint, and merged where they touch). A point read of key {@code k} is the
 * interval {@code [k, k.successor())}. Immutable; build one with {@link #builder()}.
 *
 * <p>{@link #intervalCount()} is what the per-transaction limit on index ranges read (4,096 in
 * Convex) is measured in; the caller enforces the limit, with {@link Builder#intervalCount()} while
 * the transaction runs.
 */
public final class ReadSet {
    private static final ReadSet EMPTY = new ReadSet(Map.of(), 0);

    private final Map<IndexId, KeyIntervals> byIndex;
    private final int intervalCount;

    private ReadSet(Map<IndexId, KeyIntervals> byIndex, int intervalCount) {
        this.byIndex = byIndex;
        this.intervalCount = intervalCount;
    }

    public static ReadSet empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The indexes with at least one interval read. */
    public Set<IndexId> indexes() {
        return byIndex.keySet();
    }

    /** The normalized ranges read in {@code index}, in key order; empty when none. */
    public List<KeyRange> ranges(IndexId index) {
        KeyIntervals intervals = byIndex.get(index);
        return intervals == null ? List.of() : intervals.toRanges();
    }

    /** The number of disjoint intervals over all indexes. */
    public int intervalCount() {
        return intervalCount;
    }

    public boolean isEmpty() {
        return intervalCount == 0;
    }

    /** Whether {@code key} of {@code index} lies in an interval that was read; O(log intervals). */
    public boolean intersects(IndexId index, IndexKey key) {
        KeyIntervals intervals = byIndex.get(index);
        return intervals != null && intervals.contains(key);
    }

    /** The read set of both: what a query read together with what its nested queries read. */
    public ReadSet union(ReadSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<IndexId, KeyIntervals> merged = new HashMap<>(byIndex);
        other.byIndex.forEach((index, intervals) -> merged.merge(index, intervals, KeyIntervals::union));
        return of(merged);
    }

    /** The intervals of one index, or null; for the write log and the subscription index. */
    @Nullable
    KeyIntervals intervals(IndexId index) {
        return byIndex.get(index);
    }

    Map<IndexId, KeyIntervals> byIndex() {
        return byIndex;
    }

    private static ReadSet of(Map<IndexId, KeyIntervals> byIndex) {
        int count = 0;
        for (KeyIntervals intervals : byIndex.values()) {
            count += intervals.size();
        }
        return count == 0 ? EMPTY : new ReadSet(Map.copyOf(byIndex), count);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadSet other && byIndex.equals(other.byIndex);
    }

    @Override
    public int hashCode() {
        return byIndex.hashCode();
    }

    @Override
    public String toString() {
        return "ReadSet" + byIndex;
    }

    /**
     * Records intervals as a transaction reads them, merging each into what is already recorded, so
     * that {@link #intervalCount()} is always the normalized count. Not thread-safe: a transaction is
     * run by one thread at a time.
     */
    public static final class Builder {
        /** Stands for an unbounded end in {@link #byIndex}; compared by identity only. */
        private static final IndexKey UNBOUNDED = new IndexKey(new byte[0]);

        /** Per index: interval start to exclusive end (or {@link #UNBOUNDED}), normalized. */
        private final Map<IndexId, TreeMap<IndexKey, IndexKey>> byIndex = new HashMap<>();

        private int intervalCount;

        private Builder() {}

        /** Records a scan of {@code range} of {@code index}. An empty range records nothing. */
        public Builder addRange(IndexId index, KeyRange range) {
            if (!range.isEmpty()) {
                add(index, range.start(), range.end().orElse(UNBOUNDED));
            }
            return this;
        }

        /** Records a read of the single key {@code key} of {@code index}. */
        public Builder addPoint(IndexId index, IndexKey key) {
            add(index, key, key.successor());
            return this;
        }

        /** Records everything {@code readSet} read. */
        public Builder addAll(ReadSet readSet) {
            readSet.byIndex.forEach((index, intervals) -> {
                for (int i = 0; i < intervals.size(); i++) {
                    IndexKey end = intervals.end(i);
                    add(index, intervals.start(i), end == null ? UNBOUNDED : end);
                }
            });
            return this;
        }

        /** The number of disjoint intervals recorded so far. */
        public int intervalCount() {
            return intervalCount;
        }

        public ReadSet build() {
            Map<IndexId, KeyIntervals> built = new HashMap<>();
            byIndex.forEach((index, map) -> {
                if (!map.isEmpty()) {
                    built.put(index, toIntervals(map));
                }
            });
            return of(built);
        }

        /**
         * Inserts {@code [start, end)} (non-empty), absorbing the interval that starts before it if it
         * reaches {@code start}, and every interval that starts within or right at the end of it.
         */
        private void add(IndexId index, IndexKey start, IndexKey end) {
            TreeMap<IndexKey, IndexKey> map = byIndex.computeIfAbsent(index, i -> new TreeMap<>());
            var before = map.floorEntry(start);
            if (before != null && reaches(before.getValue(), start)) {
                if (compare(before.getValue(), end) >= 0) {
                    return; // already covered
                }
                start = before.getKey();
                remove(map, start);
            }
            var next = map.ceilingEntry(start);
            while (next != null && reaches(end, next.getKey())) {
                end = max(end, next.getValue());
                remove(map, next.getKey());
                next = map.higherEntry(next.getKey());
            }
            map.put(start, end);
            intervalCount++;
        }

        private void remove(TreeMap<IndexKey, IndexKey> map, IndexKey start) {
            map.remove(start);
            intervalCount--;
        }

        /** Whether an interval ending at {@code end} overlaps or touches one starting at {@code start}. */
        private static boolean reaches(IndexKey end, IndexKey start) {
            return end == UNBOUNDED || start.compareTo(end) <= 0;
        }

        private static int compare(IndexKey endA, IndexKey endB) {
            return KeyIntervals.compareEnds(endA == UNBOUNDED ? null : endA, endB == UNBOUNDED ? null : endB);
        }

        private static IndexKey max(IndexKey endA, IndexKey endB) {
            return compare(endA, endB) >= 0 ? endA : endB;
        }

        private static KeyIntervals toIntervals(TreeMap<IndexKey, IndexKey> map) {
            int n = map.size();
            IndexKey[] starts = new IndexKey[n];
            IndexKey[] ends = new IndexKey[n];
            int i = 0;
            boolean unbounded = false;
            for (var entry : map.entrySet()) {
                starts[i] = entry.getKey();
                unbounded = entry.getValue() == UNBOUNDED;
                ends[i] = unbounded ? entry.getKey() : entry.getValue();
                i++;
            }
            return new KeyIntervals(starts, ends, unbounded);
        }
    }
}
