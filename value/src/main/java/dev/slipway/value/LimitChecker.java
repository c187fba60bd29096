package dev.slipway.value;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One walk over a value checking array length, field count, nesting and size against given
 * maxima, reporting the path of the first violation. Not thread-safe; one per check.
 */
final class LimitChecker {
    private final int maxNesting;
    private final long maxSize;
    private final String what;
    private final ValuePath path = new ValuePath();

    LimitChecker(int maxNesting, long maxSize, String what) {
        this.maxNesting = maxNesting;
        this.maxSize = maxSize;
        this.what = what;
    }

    void check(Value value) {
        long size = walk(value, 0);
        if (size > maxSize) {
            throw path.error(what + " is too large (" + size + " bytes > maximum size " + maxSize + ")");
        }
    }

    private long walk(Value value, int depth) {
        return switch (value) {
            case Value.Array(List<Value> elements) -> walkArray(elements, depth + 1);
            case Value.Obj(SortedMap<String, Value> fields) -> walkObject(fields, depth + 1);
            default -> ValueSize.of(value);
        };
    }

    private long walkArray(List<Value> elements, int depth) {
        checkNesting(depth);
        if (elements.size() > ValueSize.MAX_ARRAY_LENGTH) {
            throw path.error("array has " + elements.size() + " elements (maximum " + ValueSize.MAX_ARRAY_LENGTH + ")");
        }
        long size = 2;
        for (int i = 0; i < elements.size(); i++) {
            path.pushIndex(i);
            size += walk(elements.get(i), depth);
            path.pop();
        }
        return size;
    }

    private long walkObject(SortedMap<String, Value> fields, int depth) {
        checkNesting(depth);
        if (fields.size() > ValueSize.MAX_OBJECT_FIELDS) {
            throw path.error("object has " + fields.size() + " fields (maximum " + ValueSize.MAX_OBJECT_FIELDS + ")");
        }
        long size = 2;
        for (Map.Entry<String, Value> field : fields.entrySet()) {
            path.pushField(field.getKey());
            size += Utf8.encodedLength(field.getKey()) + 1 + walk(field.getValue(), depth);
            path.pop();
        }
        return size;
    }

    private void checkNesting(int depth) {
        if (depth > maxNesting) {
            throw path.error(what + " is nested more than " + maxNesting + " levels deep");
        }
    }
}
