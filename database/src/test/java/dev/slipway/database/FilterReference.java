package dev.slipway.database;

import dev.slipway.database.QueryModel.And;
import dev.slipway.database.QueryModel.Arith;
import dev.slipway.database.QueryModel.ArithOp;
import dev.slipway.database.QueryModel.Cmp;
import dev.slipway.database.QueryModel.Expr;
import dev.slipway.database.QueryModel.Field;
import dev.slipway.database.QueryModel.Literal;
import dev.slipway.database.QueryModel.Neg;
import dev.slipway.database.QueryModel.Not;
import dev.slipway.database.QueryModel.Or;
import dev.slipway.value.Value;
import dev.slipway.value.ValueOrder;
import java.math.BigInteger;
import java.util.Optional;

/**
 * A deliberately plain evaluator of {@link QueryModel} filter expressions, written from §5.6 of the
 * interface reference and not from the engine: {@code $field} reads a dotted path (missing when a
 * step is absent or not an object); comparisons use {@link ValueOrder#WITH_MISSING}; arithmetic
 * needs two Int64 or two Float64 operands, Int64 results are computed exactly with {@link
 * BigInteger} and must fit (so {@code MIN / -1}, {@code -MIN} and division or remainder by zero
 * fail; {@code MIN % -1} fails as Rust's {@code checked_rem} does); {@code $mod} keeps the
 * dividend's sign; Float64 follows IEEE 754 and {@code $neg} flips the sign bit; {@code $and} and
 * {@code $or} stop at the first deciding operand and every operand they evaluate must be a boolean;
 * a filter keeps a document only for {@code true} and fails for any non-boolean result.
 *
 * <p>A NaN computed by Float64 arithmetic is always the positive quiet NaN {@code
 * 0x7FF8000000000000}: IEEE 754 leaves its sign open (x86 gives the first NaN operand or a negative
 * default NaN, and the JIT may swap the operands of a commutative operation), and the sign decides the
 * total order, so the engine fixes it to keep a filter's answer stable.
 */
final class FilterReference {
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private FilterReference() {}

    /** A filter evaluation that Convex reports as {@code EvalError}. */
    static final class EvalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvalFailure(String message) {
            super(message);
        }
    }

    /** Whether {@code .filter(expr)} keeps {@code doc}. */
    static boolean keeps(Expr expr, Value.Obj doc) {
        return bool(eval(expr, doc), "filter result");
    }

    static Optional<Value> eval(Expr expr, Value.Obj doc) {
        return switch (expr) {
            case Field field -> extract(field.path(), doc);
            case Literal literal -> literal.value();
            case Cmp cmp -> Optional.of(new Value.Bool(test(cmp, eval(cmp.left(), doc), eval(cmp.right(), doc))));
            case Arith arith -> Optional.of(arithmetic(arith.op(), eval(arith.left(), doc), eval(arith.right(), doc)));
            case Neg neg -> Optional.of(negate(eval(neg.operand(), doc)));
            case Not not -> Optional.of(new Value.Bool(!bool(eval(not.operand(), doc), "$not operand")));
            case And and -> Optional.of(new Value.Bool(and(and, doc)));
            case Or or -> Optional.of(new Value.Bool(or(or, doc)));
        };
    }

    /** The value at a dotted path, empty when missing. */
    static Optional<Value> extract(String path, Value.Obj doc) {
        Value current = doc;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Value.Obj object) || !object.fields().containsKey(step)) {
                return Optional.empty();
            }
            current = object.fields().get(step);
        }
        return Optional.ofNullable(current);
    }

    private static boolean test(Cmp cmp, Optional<Value> left, Optional<Value> right) {
        return test(cmp, ValueOrder.WITH_MISSING.compare(left, right));
    }

    private static boolean test(Cmp cmp, int c) {
        return switch (cmp.op()) {
            case EQ -> c == 0;
            case NEQ -> c != 0;
            case LT -> c < 0;
            case LTE -> c <= 0;
            case GT -> c > 0;
            case GTE -> c >= 0;
        };
    }

    private static boolean and(And and, Value.Obj doc) {
        for (Expr operand : and.operands()) {
            if (!bool(eval(operand, doc), "$and operand")) {
                return false;
            }
        }
        return true;
    }

    private static boolean or(Or or, Value.Obj doc) {
        for (Expr operand : or.operands()) {
            if (bool(eval(operand, doc), "$or operand")) {
                return true;
            }
        }
        return false;
    }

    private static boolean bool(Optional<Value> value, String role) {
        if (value.isPresent() && value.get() instanceof Value.Bool b) {
            return b.value();
        }
        throw new EvalFailure(role + " is not a boolean: " + value);
    }

    private static Value arithmetic(ArithOp op, Optional<Value> left, Optional<Value> right) {
        if (left.isPresent()
                && right.isPresent()
                && left.get() instanceof Value.Int64 l
                && right.get() instanceof Value.Int64 r) {
            return new Value.Int64(integer(op, l.value(), r.value()));
        }
        if (left.isPresent()
                && right.isPresent()
                && left.get() instanceof Value.Float64 l
                && right.get() instanceof Value.Float64 r) {
            double result = floating(op, l.value(), r.value());
            return new Value.Float64(Double.isNaN(result) ? Double.longBitsToDouble(0x7FF8_0000_0000_0000L) : result);
        }
        throw new EvalFailure(op.key + " of " + left + " and " + right + ": not two Int64 or two Float64");
    }

    private static long integer(ArithOp op, long left, long right) {
        BigInteger l = BigInteger.valueOf(left);
        BigInteger r = BigInteger.valueOf(right);
        if ((op == ArithOp.DIV || op == ArithOp.MOD) && right == 0) {
            throw new EvalFailure(op.key + " of " + left + "n by zero");
        }
        if (op == ArithOp.MOD && left == Long.MIN_VALUE && right == -1) {
            throw new EvalFailure("$mod of " + left + "n by -1n overflows (checked_rem)");
        }
        BigInteger exact = switch (op) {
            case ADD -> l.add(r);
            case SUB -> l.subtract(r);
            case MUL -> l.multiply(r);
            case DIV -> l.divide(r);
            case MOD -> l.remainder(r);
        };
        return fit(exact, op.key + " of " + left + "n and " + right + "n");
    }

    private static long fit(BigInteger exact, String what) {
        if (exact.compareTo(MIN) < 0 || exact.compareTo(MAX) > 0) {
            throw new EvalFailure(what + " overflows Int64: " + exact);
        }
        return exact.longValueExact();
    }

    private static double floating(ArithOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
        };
    }

    private static Value negate(Optional<Value> operand) {
        if (operand.isPresent() && operand.get() instanceof Value.Int64 x) {
            return new Value.Int64(fit(BigInteger.valueOf(x.value()).negate(), "$neg of " + x.value() + "n"));
        }
        if (operand.isPresent() && operand.get() instanceof Value.Float64 x) {
            return new Value.Float64(Double.longBitsToDouble(Double.doubleToRawLongBits(x.value()) ^ Long.MIN_VALUE));
        }
        throw new EvalFailure("$neg of " + operand + ": not Int64 or Float64");
    }
}
