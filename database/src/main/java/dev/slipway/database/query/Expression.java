package dev.slipway.database.query;

import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * A filter expression of {@code q.filter(...)} (§5.6 of the interface reference). Evaluated against a
 * document, it gives a value or {@code undefined} (empty).
 *
 * <p>Semantics, as the Convex backend's {@code Expression::eval}:
 *
 * <ul>
 *   <li>{@link Field}: the value at the path, empty when missing. {@link Literal}: its value.
 *   <li>{@link Compare}: a boolean under the total order of §1.4 with {@code undefined} smallest;
 *       equality is equality in that order ({@code NaN == NaN} with the same bits, {@code -0 != 0},
 *       {@code 1n != 1}).
 *   <li>{@link Arithmetic}, {@link Neg}: both operands Int64 or both Float64, else an error. Int64
 *       overflow (including {@code MIN / -1}, {@code MIN % -1} and {@code -MIN}) and Int64 division or
 *       remainder by zero are errors; Int64 division truncates toward zero. Float64 follows IEEE 754
 *       ({@code 1 / 0 = Infinity}). {@code $mod} is the truncated remainder, taking the sign of the
 *       dividend, for both types (Rust's and Java's {@code %}: {@code -7 % 3 = -1}, {@code 7.5 % -2 =
 *       1.5}, {@code x % 0.0 = NaN}).
 *   <li>{@link And}, {@link Or}: evaluate operands left to right and stop at the first {@code false}
 *       / {@code true}; every operand evaluated must be a boolean. {@code $and} of nothing is true,
 *       {@code $or} of nothing false. {@link Not}: its operand must be a boolean.
 * </ul>
 *
 * Errors are {@link QueryException}s with code {@link QueryException#EVAL_ERROR} whose message names
 * the values, their types and the expression. {@code toString()} gives the serialized JSON form.
 */
public sealed interface Expression {

    /**
     * Evaluates this expression with {@code $field} paths read from {@code document}.
     *
     * @return the result, empty for {@code undefined}
     * @throws QueryException ({@link QueryException#EVAL_ERROR}) on a type error, overflow or division
     *     by zero
     */
    default Optional<Value> evaluate(Value.Obj document) {
        return ExpressionEvaluator.evaluate(this, document);
    }

    /**
     * Whether a {@code filter} with this expression keeps {@code document}: the result is {@code
     * true}. As in Convex, a result that is not a boolean (including {@code undefined}) is an error,
     * not a silent {@code false}.
     *
     * @throws QueryException ({@link QueryException#EVAL_ERROR}) when evaluation fails or the result is
     *     not a boolean
     */
    default boolean matches(Value.Obj document) {
        return ExpressionEvaluator.matches(this, document);
    }

    /** {@code {"$field": "a.b"}}: the value at the path. */
    record Field(FieldPath path) implements Expression {
        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$literal": v}}; empty is {@code {"$literal": {"$undefined": null}}}. */
    record Literal(Optional<Value> value) implements Expression {
        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$eq": [l, r]}} and the other comparisons. */
    record Compare(Comparison op, Expression left, Expression right) implements Expression {
        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$add": [l, r]}} and the other arithmetic operators. */
    record Arithmetic(ArithmeticOp op, Expression left, Expression right) implements Expression {
        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$neg": x}}. */
    record Neg(Expression operand) implements Expression {
        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$and": [x, ...]}}. */
    record And(List<Expression> operands) implements Expression {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$or": [x, ...]}}. */
    record Or(List<Expression> operands) implements Expression {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** {@code {"$not": x}}. */
    record Not(Expression operand) implements Expression {
        @Override
        public String toString() {
            return ExpressionJson.write(this);
        }
    }

    /** The comparison operators, with their JSON keys. */
    enum Comparison {
        EQ("$eq"),
        NEQ("$neq"),
        LT("$lt"),
        LTE("$lte"),
        GT("$gt"),
        GTE("$gte");

        private final String key;

        Comparison(String key) {
            this.key = key;
        }

        /** The JSON key, e.g. {@code $eq}. */
        public String key() {
            return key;
        }

        /** Whether {@code cmp} (the sign of comparing left with right) satisfies this comparison. */
        boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NEQ -> cmp != 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
            };
        }
    }

    /** The arithmetic operators, with their JSON keys. */
    enum ArithmeticOp {
        ADD("$add", "add"),
        SUB("$sub", "subtract"),
        MUL("$mul", "multiply"),
        DIV("$div", "divide"),
        MOD("$mod", "mod");

        private final String key;
        private final String verb;

        ArithmeticOp(String key, String verb) {
            this.key = key;
            this.verb = verb;
        }

        /** The JSON key, e.g. {@code $add}. */
        public String key() {
            return key;
        }

        /** The verb for messages ("Cannot add ..."). */
        String verb() {
            return verb;
        }
    }
}
