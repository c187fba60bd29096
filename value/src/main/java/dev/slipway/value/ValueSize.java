package dev.slipway.value;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Size accounting and the general limits on values (§1.1, §1.3 of the interface reference). The
 * size is Convex's notion ({@code getConvexSize}): null and booleans 1, numbers 9, strings {@code
 * 2 + UTF-8 length}, bytes {@code 2 + length}, arrays {@code 2 + Σ elements}, objects {@code 2 +
 * Σ (UTF-8 length(key) + 1 + size(value))}. Nesting counts containers: a scalar is 0, an array of
 * scalars 1.
 */
public final class ValueSize {
    /** Most elements in an array. */
    public static final int MAX_ARRAY_LENGTH = 8192;
    /** Most fields in an object. */
    public static final int MAX_OBJECT_FIELDS = 1024;
    /** Deepest nesting of any value. */
    public static final int MAX_NESTING = 64;
    /** Largest size of any value, 32 MiB. */
    public static final long MAX_SIZE = 1L << 25;

    static final long NUMBER = 9;

    private ValueSize() {}

    /** The Convex size of {@code value}. */
    public static long of(Value value) {
        return switch (value) {
            case Value.Null ignored -> 1;
            case Value.Bool ignored -> 1;
            case Value.Int64 ignored -> NUMBER;
            case Value.Float64 ignored -> NUMBER;
            case Value.Str(String s) -> stringSize(s);
            case Value.Bytes bytes -> 2L + bytes.length();
            case Value.Array(List<Value> elements) -> {
                long size = 2;
                for (Value element : elements) {
                    size += of(element);
                }
                yield size;
            }
            case Value.Obj(SortedMap<String, Value> fields) -> {
                long size = 2;
                for (Map.Entry<String, Value> field : fields.entrySet()) {
                    size += Utf8.encodedLength(field.getKey()) + 1 + of(field.getValue());
                }
                yield size;
            }
        };
    }

    /** How many containers deep {@code value} goes: 0 for a scalar, 1 for {@code [1]}. */
    public static int nesting(Value value) {
        return switch (value) {
            case Value.Null ignored -> 0;
            case Value.Bool ignored -> 0;
            case Value.Int64 ignored -> 0;
            case Value.Float64 ignored -> 0;
            case Value.Str ignored -> 0;
            case Value.Bytes ignored -> 0;
            case Value.Array(List<Value> elements) -> {
                int deepest = 0;
                for (Value element : elements) {
                    deepest = Math.max(deepest, nesting(element));
                }
                yield deepest + 1;
            }
            case Value.Obj(SortedMap<String, Value> fields) -> {
                int deepest = 0;
                for (Value field : fields.values()) {
                    deepest = Math.max(deepest, nesting(field));
                }
                yield deepest + 1;
            }
        };
    }

    /**
     * Checks the general limits: array length, object field count, nesting and total size. (String
     * validity and field names are checked when values are built.)
     *
     * @throws InvalidValueException naming the path of the first broken limit
     */
    public static void check(Value value) {
        new LimitChecker(MAX_NESTING, MAX_SIZE, "value").check(value);
    }

    static long stringSize(String s) {
        return 2 + Utf8.encodedLength(s);
    }
}
