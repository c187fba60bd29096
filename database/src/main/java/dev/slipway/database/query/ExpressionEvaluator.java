package dev.slipway.database.query;

import dev.slipway.value.Value;
import dev.slipway.value.ValueOrder;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates {@link Expression}s; the semantics are documented there. Recursion depth is the
 * expression's nesting depth, which the parser bounds ({@link QueryParser#MAX_EXPRESSION_DEPTH}).
 */
final class ExpressionEvaluator {
    private static final int MAX_EXPRESSION_TEXT = 200;
    private static final long SIGN_BIT = Long.MIN_VALUE;

    private ExpressionEvaluator() {}

    static boolean matches(Expression expression, Value.Obj document) {
        Optional<Value> result = evaluate(expression, document);
        return asBoolean(result, "result of the filter " + text(expression));
    }

    static Optional<Value> evaluate(Expression expression, Value.Obj document) {
        return switch (expression) {
            case Expression.Field(FieldPath path) -> path.extract(document);
            case Expression.Literal(var value) -> value;
            case Expression.Compare(var op, var left, var right) ->
                bool(op.test(ValueOrder.WITH_MISSING.compare(evaluate(left, document), evaluate(right, document))));
            case Expression.Arithmetic a ->
                Optional.of(arithmetic(a, evaluate(a.left(), document), evaluate(a.right(), document)));
            case Expression.Neg neg -> Optional.of(negate(neg, evaluate(neg.operand(), document)));
            case Expression.And(var operands) -> bool(all(operands, document));
            case Expression.Or(var operands) -> bool(any(operands, document));
            case Expression.Not(var operand) ->
                bool(!asBoolean(evaluate(operand, document), "operand of " + text(expression)));
        };
    }

    private static boolean all(List<Expression> operands, Value.Obj document) {
        for (Expression operand : operands) {
            if (!asBoolean(evaluate(operand, document), "operand " + text(operand) + " of $and")) {
                return false;
            }
        }
        return true;
    }

    private static boolean any(List<Expression> operands, Value.Obj document) {
        for (Expression operand : operands) {
            if (asBoolean(evaluate(operand, document), "operand " + text(operand) + " of $or")) {
                return true;
            }
        }
        return false;
    }

    private static Value arithmetic(Expression.Arithmetic expression, Optional<Value> left, Optional<Value> right) {
        Expression.ArithmeticOp op = expression.op();
        if (left.orElse(null) instanceof Value.Int64(long l) && right.orElse(null) instanceof Value.Int64(long r)) {
            return new Value.Int64(integer(expression, l, r));
        }
        if (left.orElse(null) instanceof Value.Float64(double l)
                && right.orElse(null) instanceof Value.Float64(double r)) {
            return new Value.Float64(floating(op, l, r));
        }
        throw evalError("Cannot " + op.verb() + " " + ValueText.describe(left) + " (type " + ValueText.typeName(left)
                + ") and " + ValueText.describe(right) + " (type " + ValueText.typeName(right) + ")"
                + " in " + text(expression) + ": both operands must be Int64 or both Float64");
    }

    private static long integer(Expression.Arithmetic expression, long l, long r) {
        Expression.ArithmeticOp op = expression.op();
        if ((op == Expression.ArithmeticOp.DIV || op == Expression.ArithmeticOp.MOD) && r == 0) {
            throw evalError("Cannot " + op.verb() + " " + l + "n by zero in " + text(expression));
        }
        try {
            return switch (op) {
                case ADD -> Math.addExact(l, r);
                case SUB -> Math.subtractExact(l, r);
                case MUL -> Math.multiplyExact(l, r);
                case DIV -> Math.divideExact(l, r);
                // Long.MIN_VALUE % -1 is 0 in Java but overflows (checked_rem gives None) in Rust.
                case MOD -> l == Long.MIN_VALUE && r == -1 ? Math.negateExact(l) : l % r;
            };
        } catch (ArithmeticException e) {
            throw evalError("Cannot " + op.verb() + " " + l + "n and " + r
                    + "n: the result is out of range for Int64 in " + text(expression));
        }
    }

    /**
     * IEEE 754 arithmetic, except that every NaN result is the one positive quiet NaN: the hardware
     * leaves a computed NaN's sign open (x86 returns a negative default NaN, or one of the operands,
     * and the JIT may swap the operands of {@code +} and {@code *}), and the sign decides where a NaN
     * sorts, so without this the same filter on the same document could change its answer.
     */
    private static double floating(Expression.ArithmeticOp op, double l, double r) {
        double result = switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
        };
        return Double.isNaN(result) ? Double.NaN : result;
    }

    private static Value negate(Expression.Neg expression, Optional<Value> operand) {
        if (operand.orElse(null) instanceof Value.Int64(long x)) {
            if (x == Long.MIN_VALUE) {
                throw evalError(
                        "Cannot negate " + x + "n: the result is out of range for Int64 in " + text(expression));
            }
            return new Value.Int64(-x);
        }
        if (operand.orElse(null) instanceof Value.Float64(double x)) {
            // Flip the sign bit, as Rust's f64 negation does, NaN payloads included.
            return new Value.Float64(Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ SIGN_BIT));
        }
        throw evalError("Cannot negate " + ValueText.describe(operand) + " (type " + ValueText.typeName(operand)
                + ") in " + text(expression) + ": the operand must be Int64 or Float64");
    }

    private static boolean asBoolean(Optional<Value> value, String role) {
        if (value.orElse(null) instanceof Value.Bool(boolean b)) {
            return b;
        }
        throw evalError("Cannot use value " + ValueText.describe(value) + " (type " + ValueText.typeName(value)
                + ") as a Boolean (" + role + ")");
    }

    private static Optional<Value> bool(boolean b) {
        return Optional.of(new Value.Bool(b));
    }

    private static String text(Expression expression) {
        return ValueText.abbreviate(expression.toString(), MAX_EXPRESSION_TEXT);
    }

    private static QueryException evalError(String message) {
        return new QueryException(QueryException.EVAL_ERROR, message);
    }
}
