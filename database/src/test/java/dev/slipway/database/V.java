package dev.slipway.database;

import dev.slipway.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Short value builders for tests. */
final class V {
    private V() {}

    static Value.Str str(String s) {
        return new Value.Str(s);
    }

    static Value.Int64 i64(long n) {
        return new Value.Int64(n);
    }

    /** An object from alternating keys and values. */
    static Value.Obj obj(Object... keysAndValues) {
        Map<String, Value> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], (Value) keysAndValues[i + 1]);
        }
        return Value.Obj.of(fields);
    }

    /** Marks a field to remove in {@link #patch}. */
    static final Object UNDEFINED = new Object();

    /** A patch from alternating keys and values; {@link #UNDEFINED} removes the field. */
    static Map<String, Optional<Value>> patch(Object... keysAndValues) {
        Map<String, Optional<Value>> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            fields.put((String) keysAndValues[i], value == UNDEFINED ? Optional.empty() : Optional.of((Value) value));
        }
        return fields;
    }

    static Value field(Value.Obj doc, String name) {
        Value value = doc.fields().get(name);
        if (value == null) {
            throw new AssertionError("document has no field " + name + ": " + doc);
        }
        return value;
    }
}
