package dev.slipway.schema;

import dev.slipway.value.Value;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TypeScript-like text of a validator in messages, as the Convex backend prints it: {@code
 * v.object({age: v.optional(v.float64()), name: v.string()})}. Object fields are sorted by name;
 * {@code number} prints as {@code v.float64()} and {@code bigint} as {@code v.int64()}. Literals print
 * their value as {@link ValueText} does ({@code v.literal("a")}, {@code v.literal(1.5)}, {@code
 * v.literal(1n)}, where Convex prints {@code <bigint>}).
 */
final class ValidatorText {
    private ValidatorText() {}

    static String render(Validator validator) {
        StringBuilder out = new StringBuilder();
        append(out, validator);
        return out.toString();
    }

    static void append(StringBuilder out, Validator validator) {
        switch (validator) {
            case Validator.Null _ -> out.append("v.null()");
            case Validator.Float64 _ -> out.append("v.float64()");
            case Validator.Int64 _ -> out.append("v.int64()");
            case Validator.CommitTs _ -> out.append("v.commitTs()");
            case Validator.Bool _ -> out.append("v.boolean()");
            case Validator.Str _ -> out.append("v.string()");
            case Validator.Bytes _ -> out.append("v.bytes()");
            case Validator.Any _ -> out.append("v.any()");
            case Validator.Literal literal -> appendLiteral(out, literal.value());
            case Validator.Id id ->
                out.append("v.id(").append(Json.quote(id.tableName())).append(')');
            case Validator.Array array -> {
                out.append("v.array(");
                append(out, array.element());
                out.append(')');
            }
            case Validator.Obj object -> appendObject(out, object.fields());
            case Validator.RecordOf record -> {
                out.append("v.record(");
                append(out, record.keys());
                out.append(", ");
                append(out, record.values());
                out.append(')');
            }
            case Validator.Union union -> {
                out.append("v.union(");
                String separator = "";
                for (Validator member : union.members()) {
                    append(out.append(separator), member);
                    separator = ", ";
                }
                out.append(')');
            }
        }
    }

    private static void appendLiteral(StringBuilder out, Value value) {
        out.append("v.literal(").append(ValueText.render(value)).append(')');
    }

    private static void appendObject(StringBuilder out, Map<String, Validator.Field> fields) {
        out.append("v.object({");
        String separator = "";
        for (Map.Entry<String, Validator.Field> field : new TreeMap<>(fields).entrySet()) {
            out.append(separator).append(field.getKey()).append(": ");
            if (field.getValue().optional()) {
                out.append("v.optional(");
                append(out, field.getValue().validator());
                out.append(')');
            } else {
                append(out, field.getValue().validator());
            }
            separator = ", ";
        }
        out.append("})");
    }
}
