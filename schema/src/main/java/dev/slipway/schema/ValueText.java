package dev.slipway.schema;

import dev.slipway.value.Value;
import dev.slipway.value.ValueFormat;
import java.util.Base64;
import java.util.Map;

/**
 * The compact rendering of values in validation messages, close to how the Convex backend prints
 * them: {@code {author: "ann", likes: 3.0, tags: ["a"]}}. Floats print in Rust form ({@code 3.0},
 * {@code 1e21}, {@code -0.0}, {@code NaN}, {@code Infinity}), bigints with an {@code n} suffix
 * ({@code 3n}; Convex prints a bare {@code 3}, too easy to confuse with a float), strings as JSON
 * strings, bytes as {@code b"<base64>"}, object keys bare when they are plain names. Output longer
 * than {@link #MAX_CHARS} is cut and ends with {@code ...}.
 */
final class ValueText {
    /** Longest rendering before it is cut. */
    static final int MAX_CHARS = 1000;

    private static final String ELLIPSIS = "...";

    private ValueText() {}

    /** {@code value} rendered, at most {@link #MAX_CHARS} characters plus an ellipsis. */
    static String render(Value value) {
        return render(value, MAX_CHARS);
    }

    /** {@code value} rendered, at most {@code maxChars} characters plus an ellipsis. */
    static String render(Value value, int maxChars) {
        StringBuilder out = new StringBuilder();
        append(out, value, maxChars);
        if (out.length() > maxChars) {
            out.setLength(maxChars);
            out.append(ELLIPSIS);
        }
        return out.toString();
    }

    /** Appends {@code value}; stops early once {@code out} is longer than {@code limit}. */
    private static void append(StringBuilder out, Value value, int limit) {
        if (out.length() > limit) {
            return;
        }
        switch (value) {
            case Value.Null _ -> out.append("null");
            case Value.Int64 i -> out.append(i.value()).append('n');
            case Value.Float64 f -> out.append(float64(f.value()));
            case Value.Bool b -> out.append(b.value());
            case Value.Str s -> appendString(out, s.value(), limit);
            case Value.Bytes b ->
                appendString(out.append('b'), Base64.getEncoder().encodeToString(b.value()), limit);
            case Value.Array a -> appendArray(out, a, limit);
            case Value.Obj o -> appendObject(out, o, limit);
        }
    }

    private static void appendString(StringBuilder out, String s, int limit) {
        int room = Math.max(0, limit - out.length()) + 1;
        Json.appendQuoted(out, s.length() > room ? s.substring(0, room) : s);
    }

    private static void appendArray(StringBuilder out, Value.Array array, int limit) {
        out.append('[');
        String separator = "";
        for (Value element : array.elements()) {
            if (out.length() > limit) {
                return;
            }
            out.append(separator);
            append(out, element, limit);
            separator = ", ";
        }
        out.append(']');
    }

    private static void appendObject(StringBuilder out, Value.Obj object, int limit) {
        out.append('{');
        String separator = "";
        for (Map.Entry<String, Value> field : object.fields().entrySet()) {
            if (out.length() > limit) {
                return;
            }
            out.append(separator);
            appendKey(out, field.getKey());
            out.append(": ");
            append(out, field.getValue(), limit);
            separator = ", ";
        }
        out.append('}');
    }

    /** An object key: bare when it is a plain name, else a JSON string. */
    static void appendKey(StringBuilder out, String key) {
        if (Paths.isPlain(key)) {
            out.append(key);
        } else {
            Json.appendQuoted(out, key);
        }
    }

    /** A Float64 in Rust form ({@code 1.0}, {@code 1e21}), or {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    static String float64(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return ValueFormat.EXPORT_JSON.encode(new Value.Float64(v));
    }
}
