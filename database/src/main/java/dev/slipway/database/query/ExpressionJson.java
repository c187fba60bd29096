package dev.slipway.database.query;

import dev.slipway.value.ConvexJson;
import java.util.List;

/** Writes an expression in its serialized JSON form, for messages and {@code toString()}. */
final class ExpressionJson {
    private ExpressionJson() {}

    static String write(Expression expression) {
        StringBuilder out = new StringBuilder();
        write(out, expression);
        return out.toString();
    }

    private static void write(StringBuilder out, Expression expression) {
        switch (expression) {
            case Expression.Field(FieldPath path) ->
                out.append("{\"$field\":\"").append(path).append("\"}");
            case Expression.Literal(var value) -> {
                out.append("{\"$literal\":");
                out.append(value.map(ConvexJson::encode).orElse("{\"$undefined\":null}"));
                out.append('}');
            }
            case Expression.Compare(var op, var left, var right) -> writeList(out, op.key(), List.of(left, right));
            case Expression.Arithmetic(var op, var left, var right) -> writeList(out, op.key(), List.of(left, right));
            case Expression.Neg(var operand) -> writeUnary(out, "$neg", operand);
            case Expression.And(var operands) -> writeList(out, "$and", operands);
            case Expression.Or(var operands) -> writeList(out, "$or", operands);
            case Expression.Not(var operand) -> writeUnary(out, "$not", operand);
        }
    }

    private static void writeUnary(StringBuilder out, String key, Expression operand) {
        out.append("{\"").append(key).append("\":");
        write(out, operand);
        out.append('}');
    }

    private static void writeList(StringBuilder out, String key, List<Expression> operands) {
        out.append("{\"").append(key).append("\":[");
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(out, operands.get(i));
        }
        out.append("]}");
    }
}
