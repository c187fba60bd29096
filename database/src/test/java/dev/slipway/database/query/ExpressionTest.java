package dev.slipway.database.query;

import static dev.slipway.database.query.Q.and;
import static dev.slipway.database.query.Q.arr;
import static dev.slipway.database.query.Q.bool;
import static dev.slipway.database.query.Q.cmp;
import static dev.slipway.database.query.Q.eq;
import static dev.slipway.database.query.Q.f64;
import static dev.slipway.database.query.Q.field;
import static dev.slipway.database.query.Q.i64;
import static dev.slipway.database.query.Q.lit;
import static dev.slipway.database.query.Q.litUndefined;
import static dev.slipway.database.query.Q.math;
import static dev.slipway.database.query.Q.neg;
import static dev.slipway.database.query.Q.not;
import static dev.slipway.database.query.Q.obj;
import static dev.slipway.database.query.Q.or;
import static dev.slipway.database.query.Q.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.database.query.Expression.ArithmeticOp;
import dev.slipway.database.query.Expression.Comparison;
import dev.slipway.value.Value;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    private static final Value.Obj DOC = obj(Map.of(
            "i", i64(7),
            "f", f64(2.5),
            "s", str("x"),
            "t", bool(true),
            "nul", Value.Null.INSTANCE,
            "nested", obj(Map.of("deep", obj(Map.of("v", i64(1)))))));

    private static Optional<Value> eval(Expression expression) {
        return expression.evaluate(DOC);
    }

    private static boolean test(Comparison op, Expression left, Expression right) {
        return cmp(op, left, right).matches(DOC);
    }

    private static Value arith(ArithmeticOp op, Value left, Value right) {
        return eval(math(op, lit(left), lit(right))).orElseThrow();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertEvalError(Expression expression) {
        return assertThatThrownBy(() -> expression.evaluate(DOC))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(QueryException.EVAL_ERROR));
    }

    @Test
    void field_presentNestedAndMissing() {
        assertThat(eval(field("i"))).contains(i64(7));
        assertThat(eval(field("nested.deep.v"))).contains(i64(1));
        assertThat(eval(field("nested.deep.w"))).isEmpty();
        assertThat(eval(field("s.length"))).isEmpty();
        assertThat(eval(field("nope"))).isEmpty();
    }

    @Test
    void floatArithmetic_nanResults_areThePositiveQuietNanWhateverTheOperands() {
        double negativeNan = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);
        long canonical = 0x7FF8_0000_0000_0000L;
        for (ArithmeticOp op : ArithmeticOp.values()) {
            for (double[] operands : new double[][] {
                {negativeNan, Double.NaN}, {Double.NaN, negativeNan}, {negativeNan, 1.0}, {1.0, negativeNan}
            }) {
                // Repeat so a JIT-compiled evaluation is checked as well as an interpreted one.
                for (int i = 0; i < 20_000; i++) {
                    Value result = arith(op, new Value.Float64(operands[0]), new Value.Float64(operands[1]));
                    assertThat(Double.doubleToRawLongBits(((Value.Float64) result).value()))
                            .as("%s of %s and %s", op, operands[0], operands[1])
                            .isEqualTo(canonical);
                }
            }
        }
        Value mul = arith(ArithmeticOp.MUL, new Value.Float64(0.0), new Value.Float64(Double.POSITIVE_INFINITY));
        Value div = arith(ArithmeticOp.DIV, new Value.Float64(0.0), new Value.Float64(0.0));
        assertThat(Double.doubleToRawLongBits(((Value.Float64) mul).value())).isEqualTo(canonical);
        assertThat(Double.doubleToRawLongBits(((Value.Float64) div).value())).isEqualTo(canonical);
    }

    @Test
    void literal_givesItsValueOrUndefined() {
        assertThat(eval(lit(arr(str("a"))))).contains(arr(str("a")));
        assertThat(eval(litUndefined())).isEmpty();
    }

    @Test
    void comparisons_useTheTotalOrder() {
        assertThat(test(Comparison.EQ, field("i"), lit(i64(7)))).isTrue();
        assertThat(test(Comparison.NEQ, field("i"), lit(i64(7)))).isFalse();
        assertThat(test(Comparison.LT, field("i"), lit(i64(8)))).isTrue();
        assertThat(test(Comparison.LTE, field("i"), lit(i64(7)))).isTrue();
        assertThat(test(Comparison.GT, field("i"), lit(i64(7)))).isFalse();
        assertThat(test(Comparison.GTE, field("i"), lit(i64(7)))).isTrue();
        // Int64 sorts below every Float64, whatever the numbers.
        assertThat(test(Comparison.LT, lit(i64(1_000_000)), lit(f64(0.5)))).isTrue();
        assertThat(test(Comparison.EQ, lit(i64(1)), lit(f64(1)))).isFalse();
        // Type order: null < Int64 < Float64 < Boolean < String < Bytes < Array < Object.
        assertThat(test(Comparison.LT, lit(Value.Null.INSTANCE), lit(i64(Long.MIN_VALUE))))
                .isTrue();
        assertThat(test(Comparison.LT, lit(f64(Double.POSITIVE_INFINITY)), lit(bool(false))))
                .isTrue();
        assertThat(test(Comparison.LT, lit(bool(true)), lit(str("")))).isTrue();
        assertThat(test(Comparison.LT, lit(str("zzz")), lit(new Value.Bytes(new byte[0]))))
                .isTrue();
        assertThat(test(Comparison.LT, lit(arr()), lit(obj(Map.of())))).isTrue();
        // Strings by UTF-8 bytes: U+FFFD sorts below an astral character, unlike UTF-16 order.
        assertThat(test(Comparison.LT, lit(str("\uFFFD")), lit(str("\uD83D\uDE00"))))
                .isTrue();
    }

    @Test
    void comparisons_missingIsSmallestAndEqualToUndefined() {
        assertThat(test(Comparison.EQ, field("nope"), litUndefined())).isTrue();
        assertThat(test(Comparison.LT, field("nope"), lit(Value.Null.INSTANCE))).isTrue();
        assertThat(test(Comparison.EQ, field("nope"), lit(Value.Null.INSTANCE))).isFalse();
        assertThat(test(Comparison.NEQ, field("nul"), field("nope"))).isTrue();
        assertThat(test(Comparison.GTE, field("nope"), field("other"))).isTrue();
    }

    @Test
    void comparisons_nanAndNegativeZero_followOrderEquality() {
        double otherNan = Double.longBitsToDouble(0x7ff8000000000001L);
        assertThat(test(Comparison.EQ, lit(f64(Double.NaN)), lit(f64(Double.NaN))))
                .isTrue();
        assertThat(test(Comparison.EQ, lit(f64(Double.NaN)), lit(f64(otherNan))))
                .isFalse();
        assertThat(test(Comparison.GT, lit(f64(Double.NaN)), lit(f64(Double.POSITIVE_INFINITY))))
                .isTrue();
        assertThat(test(
                        Comparison.LT,
                        lit(f64(Double.longBitsToDouble(0xfff8000000000000L))),
                        lit(f64(Double.NEGATIVE_INFINITY))))
                .isTrue();
        assertThat(test(Comparison.EQ, lit(f64(-0.0)), lit(f64(0.0)))).isFalse();
        assertThat(test(Comparison.LT, lit(f64(-0.0)), lit(f64(0.0)))).isTrue();
    }

    @Test
    void arithmetic_int64() {
        assertThat(arith(ArithmeticOp.ADD, i64(2), i64(3))).isEqualTo(i64(5));
        assertThat(arith(ArithmeticOp.SUB, i64(2), i64(3))).isEqualTo(i64(-1));
        assertThat(arith(ArithmeticOp.MUL, i64(-4), i64(3))).isEqualTo(i64(-12));
        assertThat(arith(ArithmeticOp.DIV, i64(7), i64(2))).isEqualTo(i64(3));
        assertThat(arith(ArithmeticOp.DIV, i64(-7), i64(2))).isEqualTo(i64(-3));
        assertThat(arith(ArithmeticOp.MOD, i64(7), i64(3))).isEqualTo(i64(1));
        assertThat(arith(ArithmeticOp.MOD, i64(-7), i64(3))).isEqualTo(i64(-1));
        assertThat(arith(ArithmeticOp.MOD, i64(7), i64(-3))).isEqualTo(i64(1));
        assertThat(arith(ArithmeticOp.MOD, i64(Long.MIN_VALUE), i64(1))).isEqualTo(i64(0));
        assertThat(eval(neg(lit(i64(5))))).contains(i64(-5));
        assertThat(eval(math(ArithmeticOp.ADD, field("i"), lit(i64(1))))).contains(i64(8));
    }

    @Test
    void arithmetic_float64FollowsIeee() {
        assertThat(arith(ArithmeticOp.ADD, f64(0.1), f64(0.2))).isEqualTo(f64(0.1 + 0.2));
        assertThat(arith(ArithmeticOp.SUB, f64(1), f64(1))).isEqualTo(f64(0.0));
        assertThat(arith(ArithmeticOp.MUL, f64(-1), f64(0))).isEqualTo(f64(-0.0));
        assertThat(arith(ArithmeticOp.DIV, f64(1), f64(0))).isEqualTo(f64(Double.POSITIVE_INFINITY));
        assertThat(arith(ArithmeticOp.DIV, f64(-1), f64(0))).isEqualTo(f64(Double.NEGATIVE_INFINITY));
        assertThat(((Value.Float64) arith(ArithmeticOp.DIV, f64(0), f64(0))).value())
                .isNaN();
        assertThat(arith(ArithmeticOp.MUL, f64(Double.MAX_VALUE), f64(2))).isEqualTo(f64(Double.POSITIVE_INFINITY));
    }

    @Test
    void mod_float64_isTruncatedRemainderWithTheSignOfTheDividend() {
        assertThat(arith(ArithmeticOp.MOD, f64(7.5), f64(2))).isEqualTo(f64(1.5));
        assertThat(arith(ArithmeticOp.MOD, f64(-7.5), f64(2))).isEqualTo(f64(-1.5));
        assertThat(arith(ArithmeticOp.MOD, f64(7.5), f64(-2))).isEqualTo(f64(1.5));
        assertThat(arith(ArithmeticOp.MOD, f64(-4), f64(2))).isEqualTo(f64(-0.0));
        assertThat(arith(ArithmeticOp.MOD, f64(5), f64(Double.POSITIVE_INFINITY)))
                .isEqualTo(f64(5));
        assertThat(((Value.Float64) arith(ArithmeticOp.MOD, f64(5), f64(0))).value())
                .isNaN();
        assertThat(((Value.Float64) arith(ArithmeticOp.MOD, f64(Double.POSITIVE_INFINITY), f64(2))).value())
                .isNaN();
    }

    @Test
    void neg_float64_flipsTheSignBit() {
        assertThat(eval(neg(lit(f64(0.0))))).contains(f64(-0.0));
        assertThat(eval(neg(lit(f64(-0.0))))).contains(f64(0.0));
        assertThat(eval(neg(lit(f64(Double.NEGATIVE_INFINITY))))).contains(f64(Double.POSITIVE_INFINITY));
        Value negatedNan = eval(neg(lit(f64(Double.NaN)))).orElseThrow();
        assertThat(Double.doubleToRawLongBits(((Value.Float64) negatedNan).value()))
                .isEqualTo(Double.doubleToRawLongBits(Double.NaN) ^ Long.MIN_VALUE);
    }

    @Test
    void arithmetic_mixedOrNonNumericTypes_isAnEvalErrorNamingTheExpression() {
        assertEvalError(math(ArithmeticOp.ADD, lit(i64(1)), lit(f64(2.5))))
                .hasMessage("Cannot add 1n (type Int64) and 2.5 (type Float64) in"
                        + " {\"$add\":[{\"$literal\":{\"$integer\":\"AQAAAAAAAAA=\"}},{\"$literal\":2.5}]}:"
                        + " both operands must be Int64 or both Float64");
        assertEvalError(math(ArithmeticOp.SUB, field("s"), lit(f64(1))))
                .hasMessageContaining("Cannot subtract \"x\" (type String) and 1 (type Float64)")
                .hasMessageContaining("{\"$field\":\"s\"}");
        assertEvalError(math(ArithmeticOp.MUL, field("nope"), lit(i64(1))))
                .hasMessageContaining("Cannot multiply undefined (type undefined) and 1n (type Int64)");
        assertEvalError(math(ArithmeticOp.DIV, lit(Value.Null.INSTANCE), lit(Value.Null.INSTANCE)))
                .hasMessageContaining("Cannot divide null (type Null) and null (type Null)");
        assertEvalError(neg(field("t"))).hasMessageContaining("Cannot negate true (type Boolean) in {\"$neg\"");
        assertEvalError(neg(field("nope"))).hasMessageContaining("Cannot negate undefined");
    }

    @Test
    void arithmetic_int64Overflow_isAnEvalError() {
        long max = Long.MAX_VALUE;
        long min = Long.MIN_VALUE;
        assertEvalError(math(ArithmeticOp.ADD, lit(i64(max)), lit(i64(1))))
                .hasMessageContaining("Cannot add 9223372036854775807n and 1n: the result is out of range for Int64");
        assertEvalError(math(ArithmeticOp.SUB, lit(i64(min)), lit(i64(1))))
                .hasMessageContaining("out of range for Int64");
        assertEvalError(math(ArithmeticOp.MUL, lit(i64(max / 2 + 1)), lit(i64(2))))
                .hasMessageContaining("Cannot multiply");
        assertEvalError(math(ArithmeticOp.DIV, lit(i64(min)), lit(i64(-1))))
                .hasMessageContaining("Cannot divide -9223372036854775808n and -1n: the result is out of range");
        assertEvalError(math(ArithmeticOp.MOD, lit(i64(min)), lit(i64(-1))))
                .hasMessageContaining("Cannot mod -9223372036854775808n and -1n: the result is out of range");
        assertEvalError(neg(lit(i64(min))))
                .hasMessageContaining("Cannot negate -9223372036854775808n: the result is out of range for Int64");
    }

    @Test
    void arithmetic_int64DivisionByZero_isAnEvalError() {
        assertEvalError(math(ArithmeticOp.DIV, field("i"), lit(i64(0))))
                .hasMessageContaining("Cannot divide 7n by zero in {\"$div\":[{\"$field\":\"i\"}");
        assertEvalError(math(ArithmeticOp.MOD, lit(i64(0)), lit(i64(0)))).hasMessageContaining("Cannot mod 0n by zero");
    }

    @Test
    void logic_andOrNot() {
        Expression yes = lit(bool(true));
        Expression no = lit(bool(false));
        assertThat(and().matches(DOC)).isTrue();
        assertThat(or().matches(DOC)).isFalse();
        assertThat(and(yes, yes, yes).matches(DOC)).isTrue();
        assertThat(and(yes, no, yes).matches(DOC)).isFalse();
        assertThat(or(no, no, yes).matches(DOC)).isTrue();
        assertThat(or(no, no).matches(DOC)).isFalse();
        assertThat(not(no).matches(DOC)).isTrue();
        assertThat(not(field("t")).matches(DOC)).isFalse();
    }

    @Test
    void logic_shortCircuits_soLaterOperandsAreNotEvaluated() {
        Expression failing = math(ArithmeticOp.DIV, lit(i64(1)), lit(i64(0)));
        assertThat(and(lit(bool(false)), failing).matches(DOC)).isFalse();
        assertThat(or(lit(bool(true)), failing).matches(DOC)).isTrue();
        assertEvalError(and(lit(bool(true)), failing)).hasMessageContaining("by zero");
    }

    @Test
    void logic_nonBooleanOperands_areEvalErrors() {
        assertEvalError(and(lit(bool(true)), field("i")))
                .hasMessage("Cannot use value 7n (type Int64) as a Boolean (operand {\"$field\":\"i\"} of $and)");
        assertEvalError(or(field("nope")))
                .hasMessageContaining("Cannot use value undefined (type undefined) as a Boolean");
        assertEvalError(not(lit(str("true")))).hasMessageContaining("Cannot use value \"true\" (type String)");
    }

    @Test
    void matches_isTrueOnlyForBooleanTrue_andRejectsOtherResults() {
        assertThat(eq(field("s"), lit(str("x"))).matches(DOC)).isTrue();
        assertThat(eq(field("s"), lit(str("y"))).matches(DOC)).isFalse();
        assertThat(field("t").matches(DOC)).isTrue();
        // As in Convex (filter.rs: eval(..)?.into_boolean()?), a non-boolean filter result is an error.
        assertThatThrownBy(() -> field("nope").matches(DOC))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(QueryException.EVAL_ERROR))
                .hasMessage("Cannot use value undefined (type undefined) as a Boolean"
                        + " (result of the filter {\"$field\":\"nope\"})");
        assertThatThrownBy(() -> math(ArithmeticOp.ADD, field("f"), field("f")).matches(DOC))
                .hasMessageContaining("Cannot use value 5 (type Float64) as a Boolean");
    }

    @Test
    void toString_isTheSerializedForm() {
        assertThat(and(eq(field("a.b"), litUndefined()), neg(lit(f64(-0.0)))).toString())
                .isEqualTo("{\"$and\":[{\"$eq\":[{\"$field\":\"a.b\"},{\"$literal\":{\"$undefined\":null}}]},"
                        + "{\"$neg\":{\"$literal\":{\"$float\":\"AAAAAAAAAIA=\"}}}]}");
    }
}
