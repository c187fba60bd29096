package dev.slipway.database.query;

import dev.slipway.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Short builders of values and expressions for the tests of this package. */
final class Q {
    static final Optional<Value> UNDEFINED = Optional.empty();

    private Q() {}

    static Value.Str str(String s) {
        return new Value.Str(s);
    }

    static Value.Int64 i64(long n) {
        return new Value.Int64(n);
    }

    static Value.Float64 f64(double d) {
        return new Value.Float64(d);
    }

    static Value.Bool bool(boolean b) {
        return new Value.Bool(b);
    }

    static Value.Array arr(Value... elements) {
        return Value.Array.of(elements);
    }

    static Value.Obj obj(Map<String, ? extends Value> fields) {
        return Value.Obj.of(fields);
    }

    static Optional<Value> some(Value value) {
        return Optional.of(value);
    }

    static Expression field(String path) {
        return new Expression.Field(FieldPath.parse(path));
    }

    static Expression lit(Value value) {
        return new Expression.Literal(Optional.of(value));
    }

    static Expression litUndefined() {
        return new Expression.Literal(Optional.empty());
    }

    static Expression cmp(Expression.Comparison op, Expression left, Expression right) {
        return new Expression.Compare(op, left, right);
    }

    static Expression eq(Expression left, Expression right) {
        return cmp(Expression.Comparison.EQ, left, right);
    }

    static Expression math(Expression.ArithmeticOp op, Expression left, Expression right) {
        return new Expression.Arithmetic(op, left, right);
    }

    static Expression and(Expression... operands) {
        return new Expression.And(List.of(operands));
    }

    static Expression or(Expression... operands) {
        return new Expression.Or(List.of(operands));
    }

    static Expression not(Expression operand) {
        return new Expression.Not(operand);
    }

    static Expression neg(Expression operand) {
        return new Expression.Neg(operand);
    }

    /** The text of the fixture {@code queries/<name>.json}, generated with convex@1.48.0. */
    static String fixture(String name) {
        try (InputStream in = Q.class.getResourceAsStream("/queries/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture queries/" + name + ".json");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
