package dev.slipway.value;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The total order on Convex values (§1.4 of the interface reference), as used by indexes, filters
 * and {@code compareValues}.
 *
 * <ol>
 *   <li>By type: (missing) &lt; Null &lt; Int64 &lt; Float64 &lt; Bool &lt; Str &lt; Bytes &lt; Array
 *       &lt; Obj. Int64 and Float64 never compare numerically with each other ({@code 1n < 0.5}).
 *   <li>Within a type: Int64 numerically; Float64 by IEEE 754 totalOrder (negative NaNs &lt; −∞
 *       &lt; … &lt; −0 &lt; +0 &lt; … &lt; +∞ &lt; positive NaNs, NaNs by payload); false &lt; true;
 *       strings by UTF-8 bytes; bytes unsigned; arrays element-wise, shorter prefix first; objects as
 *       their sequence of (key, value) pairs in key order, pair by pair, shorter prefix first.
 * </ol>
 *
 * <p>Consistent with {@link Value#equals}: two values compare 0 exactly when they are equal. A
 * missing value ({@code undefined}) is represented as {@link Optional#empty()} and sorts below
 * everything ({@link #WITH_MISSING}).
 */
public final class ValueOrder implements Comparator<Value> {
    /** The order on values. */
    public static final ValueOrder INSTANCE = new ValueOrder();

    /** The order on possibly-missing values: missing ({@code undefined}) first. */
    public static final Comparator<Optional<Value>> WITH_MISSING = ValueOrder::compareMissingFirst;

    /** The order on sequences of possibly-missing values (index keys): element-wise, shorter prefix first. */
    public static final Comparator<List<Optional<Value>>> SEQUENCES = ValueOrder::compareSequences;

    private ValueOrder() {}

    @Override
    public int compare(Value a, Value b) {
        int byRank = Integer.compare(rank(a), rank(b));
        return byRank != 0 ? byRank : compareSameType(a, b);
    }

    private static int compareMissingFirst(Optional<Value> a, Optional<Value> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isPresent(), b.isPresent());
        }
        return INSTANCE.compare(a.get(), b.get());
    }

    private static int compareSequences(List<Optional<Value>> a, List<Optional<Value>> b) {
        int length = Math.min(a.size(), b.size());
        for (int i = 0; i < length; i++) {
            int cmp = compareMissingFirst(a.get(i), b.get(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** The type rank of §1.4 (1 = Null … 9 = Obj; 0 is missing). */
    static int rank(Value value) {
        return switch (value) {
            case Value.Null ignored -> 1;
            case Value.Int64 ignored -> 2;
            case Value.Float64 ignored -> 3;
            case Value.Bool ignored -> 4;
            case Value.Str ignored -> 5;
            case Value.Bytes ignored -> 6;
            case Value.Array ignored -> 7;
            case Value.Obj ignored -> 9;
        };
    }

    private static int compareSameType(Value a, Value b) {
        return switch (a) {
            case Value.Null ignored -> 0;
            case Value.Int64(long x) -> Long.compare(x, ((Value.Int64) b).value());
            case Value.Float64(double x) -> compareTotalOrder(x, ((Value.Float64) b).value());
            case Value.Bool(boolean x) -> Boolean.compare(x, ((Value.Bool) b).value());
            case Value.Str(String x) -> Utf8.compare(x, ((Value.Str) b).value());
            case Value.Bytes x -> Arrays.compareUnsigned(x.unsharedBytes(), ((Value.Bytes) b).unsharedBytes());
            case Value.Array(List<Value> x) -> compareLists(x, ((Value.Array) b).elements());
            case Value.Obj(SortedMap<String, Value> x) -> compareObjects(x, ((Value.Obj) b).fields());
        };
    }

    /** IEEE 754 totalOrder: on the raw bits, negative numbers have all but the sign bit flipped. */
    static int compareTotalOrder(double a, double b) {
        return Long.compare(totalOrderBits(a), totalOrderBits(b));
    }

    /** A signed long whose order is IEEE 754 totalOrder of the double. */
    static long totalOrderBits(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits ^ ((bits >> 63) >>> 1);
    }

    private static int compareLists(List<Value> a, List<Value> b) {
        int length = Math.min(a.size(), b.size());
        for (int i = 0; i < length; i++) {
            int cmp = INSTANCE.compare(a.get(i), b.get(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareObjects(SortedMap<String, Value> a, SortedMap<String, Value> b) {
        Iterator<Map.Entry<String, Value>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, Value>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, Value> x = left.next();
            Map.Entry<String, Value> y = right.next();
            int cmp = Utf8.compare(x.getKey(), y.getKey());
            if (cmp == 0) {
                cmp = INSTANCE.compare(x.getValue(), y.getValue());
            }
            if (cmp != 0) {
                return cmp;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }
}
