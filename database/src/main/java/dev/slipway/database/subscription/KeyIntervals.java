package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A normalized set of key intervals of one index: sorted by start, non-empty, pairwise disjoint and
 * not adjacent (an interval never ends where the next one starts). Only the last interval may be
 * unbounded. Immutable.
 *
 * <p>Stored as two parallel arrays so that a membership test is one binary search over starts.
 */
final class KeyIntervals {
    private final IndexKey[] starts;
    /** {@code ends[i]} is the exclusive end of interval i; unused for the last one when unbounded. */
    private final IndexKey[] ends;

    private final boolean unboundedTail;

    /** The arrays must already be normalized; they are not copied. */
    KeyIntervals(IndexKey[] starts, IndexKey[] ends, boolean unboundedTail) {
        this.starts = starts;
        this.ends = ends;
        this.unboundedTail = unboundedTail;
    }

    int size() {
        return starts.length;
    }

    IndexKey start(int i) {
        return starts[i];
    }

    /** The exclusive end of interval {@code i}, or null when it is unbounded. */
    @Nullable
    IndexKey end(int i) {
        return unboundedTail && i == starts.length - 1 ? null : ends[i];
    }

    boolean contains(IndexKey key) {
        int i = floor(key);
        if (i < 0) {
            return false;
        }
        return (unboundedTail && i == starts.length - 1) || key.compareTo(ends[i]) < 0;
    }

    /** Index of the last interval whose start is at or before {@code key}, or -1. */
    private int floor(IndexKey key) {
        int low = 0;
        int high = starts.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid].compareTo(key) <= 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    List<KeyRange> toRanges() {
        List<KeyRange> ranges = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            ranges.add(new KeyRange(starts[i], Optional.ofNullable(end(i))));
        }
        return List.copyOf(ranges);
    }

    /** The union of two normalized sets, in time linear in their sizes. */
    static KeyIntervals union(KeyIntervals a, KeyIntervals b) {
        Appender out = new Appender(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean takeA = j == b.size() || (i < a.size() && a.starts[i].compareTo(b.starts[j]) <= 0);
            if (takeA) {
                out.append(a.starts[i], a.end(i));
                i++;
            } else {
                out.append(b.starts[j], b.end(j));
                j++;
            }
        }
        return out.result();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyIntervals other
                && unboundedTail == other.unboundedTail
                && Arrays.equals(starts, other.starts)
                && Arrays.equals(ends, 0, endsCompared(), other.ends, 0, other.endsCompared());
    }

    private int endsCompared() {
        return unboundedTail ? ends.length - 1 : ends.length;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(starts) * 31 + Boolean.hashCode(unboundedTail);
    }

    @Override
    public String toString() {
        return toRanges().toString();
    }

    /** Compares two exclusive ends, where null (unbounded) is greater than every key. */
    static int compareEnds(@Nullable IndexKey a, @Nullable IndexKey b) {
        if (a == null) {
            return b == null ? 0 : 1;
        }
        return b == null ? -1 : a.compareTo(b);
    }

    /**
     * Builds a normalized set from intervals appended in non-decreasing order of start, merging each
     * one into the last when they overlap or touch.
     */
    static final class Appender {
        private final List<IndexKey> starts;
        private final List<IndexKey> ends;
        private boolean unbounded;

        Appender(int expected) {
            starts = new ArrayList<>(expected);
            ends = new ArrayList<>(expected);
        }

        /** Appends {@code [start, end)}; start must not precede the previous start. Empty intervals are dropped. */
        void append(IndexKey start, @Nullable IndexKey end) {
            if (end != null && end.compareTo(start) <= 0) {
                return;
            }
            int last = starts.size() - 1;
            if (last >= 0 && (unbounded || start.compareTo(ends.get(last)) <= 0)) {
                if (end == null) {
                    unbounded = true;
                } else if (!unbounded && end.compareTo(ends.get(last)) > 0) {
                    ends.set(last, end);
                }
                return;
            }
            starts.add(start);
            ends.add(end == null ? start : end);
            unbounded = end == null;
        }

        KeyIntervals result() {
            return new KeyIntervals(starts.toArray(IndexKey[]::new), ends.toArray(IndexKey[]::new), unbounded);
        }
    }
}
