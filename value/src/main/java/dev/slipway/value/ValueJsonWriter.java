package dev.slipway.value;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes values as JSON text in each {@link ValueFormat}, byte for byte as JavaScript's {@code
 * JSON.stringify(convexToJson(v))} would for Convex-JSON.
 *
 * <p>Object keys come out in JavaScript property order: keys that are array indices (canonical
 * decimal integers below 2³²−1) first in numeric order, then the others in code-unit order (the JS
 * encoder sorts the keys, but inserting them into an object moves index keys to the front).
 */
final class ValueJsonWriter {
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;
    private static final Comparator<String> NUMERIC =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private ValueJsonWriter() {}

    static void write(StringBuilder out, Value value, ValueFormat format) {
        switch (value) {
            case Value.Null ignored -> out.append("null");
            case Value.Int64(long n) -> writeInt64(out, n, format);
            case Value.Float64(double d) -> writeFloat64(out, d, format);
            case Value.Bool(boolean b) -> out.append(b);
            case Value.Str(String s) -> JsonText.appendQuoted(out, s);
            case Value.Bytes bytes -> writeBytes(out, bytes.unsharedBytes(), format);
            case Value.Array(List<Value> elements) -> writeArray(out, elements, format);
            case Value.Obj(SortedMap<String, Value> fields) -> writeObject(out, fields, format);
        }
    }

    private static void writeInt64(StringBuilder out, long n, ValueFormat format) {
        switch (format) {
            case CONVEX_ENCODED_JSON -> writeDollar(out, "$integer", littleEndian(n));
            case JSON -> out.append('"').append(n).append('"');
            case EXPORT_JSON -> out.append(n);
        }
    }

    private static void writeFloat64(StringBuilder out, double d, ValueFormat format) {
        switch (format) {
            case CONVEX_ENCODED_JSON -> {
                if (isSpecial(d)) {
                    writeDollar(out, "$float", littleEndian(Double.doubleToRawLongBits(d)));
                } else {
                    out.append(JsNumbers.toJs(d));
                }
            }
            case JSON -> {
                if (Double.isNaN(d)) {
                    out.append("\"NaN\"");
                } else if (Double.isInfinite(d)) {
                    out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
                } else {
                    out.append(isNegativeZero(d) ? "-0" : JsNumbers.toJs(d));
                }
            }
            case EXPORT_JSON -> {
                if (Double.isFinite(d)) {
                    out.append(JsNumbers.toRust(d));
                } else {
                    writeDollar(out, "$float", littleEndian(Double.doubleToRawLongBits(d)));
                }
            }
        }
    }

    private static void writeBytes(StringBuilder out, byte[] bytes, ValueFormat format) {
        switch (format) {
            case CONVEX_ENCODED_JSON, EXPORT_JSON -> writeDollar(out, "$bytes", bytes);
            case JSON ->
                out.append('"')
                        .append(Base64.getEncoder().encodeToString(bytes))
                        .append('"');
        }
    }

    private static void writeArray(StringBuilder out, List<Value> elements, ValueFormat format) {
        out.append('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(out, elements.get(i), format);
        }
        out.append(']');
    }

    private static void writeObject(StringBuilder out, SortedMap<String, Value> fields, ValueFormat format) {
        out.append('{');
        boolean first = true;
        SortedMap<String, Value> digitKeys = fields.subMap("0", ":");
        List<String> indexKeys = new ArrayList<>();
        for (String key : digitKeys.keySet()) {
            if (isArrayIndex(key)) {
                indexKeys.add(key);
            }
        }
        if (!indexKeys.isEmpty()) {
            indexKeys.sort(NUMERIC);
            for (String key : indexKeys) {
                first = writeField(out, key, fields.get(key), format, first);
            }
        }
        for (Map.Entry<String, Value> field : fields.entrySet()) {
            if (indexKeys.isEmpty() || !isArrayIndex(field.getKey())) {
                first = writeField(out, field.getKey(), field.getValue(), format, first);
            }
        }
        out.append('}');
    }

    private static boolean writeField(
            StringBuilder out, String key, @Nullable Value value, ValueFormat format, boolean first) {
        if (value == null) {
            return first;
        }
        if (!first) {
            out.append(',');
        }
        JsonText.appendQuoted(out, key);
        out.append(':');
        write(out, value, format);
        return false;
    }

    private static void writeDollar(StringBuilder out, String key, byte[] payload) {
        out.append("{\"")
                .append(key)
                .append("\":\"")
                .append(Base64.getEncoder().encodeToString(payload))
                .append("\"}");
    }

    /** A JS array index: "0", or no leading zero, all digits, at most 2³²−2. */
    static boolean isArrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    /** NaN, the infinities and -0: the floats Convex-JSON writes as {@code $float}. */
    static boolean isSpecial(double d) {
        return !Double.isFinite(d) || isNegativeZero(d);
    }

    static boolean isNegativeZero(double d) {
        return Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
    }

    static byte[] littleEndian(long bits) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(bits)
                .array();
    }
}
