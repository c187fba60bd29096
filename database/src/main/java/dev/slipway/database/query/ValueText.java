package dev.slipway.database.query;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.Optional;

/** Short, readable renderings of values and types for error messages. */
final class ValueText {
    private static final int MAX_LENGTH = 100;

    private ValueText() {}

    /** The value as a JS developer would write it: {@code undefined}, {@code 5n}, {@code 2.5}, {@code "s"}. */
    static String describe(Optional<Value> value) {
        return value.map(ValueText::describe).orElse("undefined");
    }

    static String describe(Value value) {
        String text = switch (value) {
            case Value.Int64(long n) -> n + "n";
            case Value.Float64(double d) -> describeNumber(d);
            default -> ConvexJson.encode(value);
        };
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }

    private static String describeNumber(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
            return "-0";
        }
        return ConvexJson.encode(new Value.Float64(d));
    }

    /** Convex's type name: {@code Int64}, {@code Float64}, {@code String}, ..., or {@code undefined}. */
    static String typeName(Optional<Value> value) {
        return value.map(ValueText::typeName).orElse("undefined");
    }

    static String typeName(Value value) {
        return switch (value) {
            case Value.Null ignored -> "Null";
            case Value.Int64 ignored -> "Int64";
            case Value.Float64 ignored -> "Float64";
            case Value.Bool ignored -> "Boolean";
            case Value.Str ignored -> "String";
            case Value.Bytes ignored -> "Bytes";
            case Value.Array ignored -> "Array";
            case Value.Obj ignored -> "Object";
        };
    }

    /** {@code text} cut to a length fit for a message. */
    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
