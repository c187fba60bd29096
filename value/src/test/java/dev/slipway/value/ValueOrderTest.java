package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueOrderTest {
    private static final ValueOrder ORDER = ValueOrder.INSTANCE;

    private static Value f(double d) {
        return new Value.Float64(d);
    }

    private static Value fBits(long bits) {
        return new Value.Float64(Double.longBitsToDouble(bits));
    }

    private static Value s(String s) {
        return new Value.Str(s);
    }

    @Test
    void compare_types_sortByRank() {
        List<Value> ascending = List.of(
                Value.Null.INSTANCE,
                new Value.Int64(Long.MAX_VALUE),
                f(Double.NEGATIVE_INFINITY),
                new Value.Bool(false),
                s(""),
                new Value.Bytes(new byte[0]),
                Value.Array.of(),
                Value.Obj.empty());
        assertStrictlyAscending(ascending);
        assertThat(ORDER.compare(new Value.Int64(1), f(0.5))).isNegative();
    }

    @Test
    void compare_floats_followTotalOrder() {
        assertStrictlyAscending(List.of(
                fBits(0xffffffffffffffffL), // negative NaN, largest payload
                fBits(0xfff8000000000000L), // negative quiet NaN
                fBits(0xfff0000000000001L), // negative NaN, smallest payload
                f(Double.NEGATIVE_INFINITY),
                f(-Double.MAX_VALUE),
                f(-1),
                f(-Double.MIN_VALUE),
                f(-0.0),
                f(0.0),
                f(Double.MIN_VALUE),
                f(1),
                f(Double.MAX_VALUE),
                f(Double.POSITIVE_INFINITY),
                fBits(0x7ff0000000000001L),
                f(Double.NaN),
                fBits(0x7fffffffffffffffL)));
        assertThat(ORDER.compare(f(Double.NaN), f(Double.NaN))).isZero();
    }

    @Test
    void compare_strings_byUtf8Bytes() {
        // UTF-16 would put the surrogate pair of U+1F600 before U+FFFF; UTF-8 puts it after.
        assertStrictlyAscending(List.of(s(""), s("a"), s("a\u0000"), s("ab"), s("b"), s("é"), s("\uffff"), s("😀")));
        assertThat(ORDER.compare(s("\ue000"), s("😀"))).isNegative();
        assertThat(ORDER.compare(s("😀"), s("😁"))).isNegative();
    }

    @Test
    void compare_bytesArraysObjects_lexicographicShorterFirst() {
        assertStrictlyAscending(List.of(
                new Value.Bytes(new byte[0]),
                new Value.Bytes(new byte[] {0}),
                new Value.Bytes(new byte[] {0, 0}),
                new Value.Bytes(new byte[] {1}),
                new Value.Bytes(new byte[] {(byte) 0xFF})));
        assertStrictlyAscending(List.of(
                Value.Array.of(),
                Value.Array.of(Value.Null.INSTANCE),
                Value.Array.of(Value.Null.INSTANCE, Value.Null.INSTANCE),
                Value.Array.of(new Value.Int64(0)),
                Value.Array.of(f(0))));
        assertStrictlyAscending(List.of(
                Value.Obj.empty(),
                Value.Obj.of(Map.of("a", new Value.Int64(5))),
                Value.Obj.of(Map.of("a", new Value.Int64(5), "b", Value.Null.INSTANCE)),
                Value.Obj.of(Map.of("a", f(1))),
                Value.Obj.of(Map.of("b", Value.Null.INSTANCE))));
    }

    @Test
    void withMissing_missingSortsFirst() {
        assertThat(ValueOrder.WITH_MISSING.compare(Optional.empty(), Optional.of(Value.Null.INSTANCE)))
                .isNegative();
        assertThat(ValueOrder.WITH_MISSING.compare(Optional.empty(), Optional.empty()))
                .isZero();
        assertThat(ValueOrder.SEQUENCES.compare(List.of(Optional.empty()), List.of(Optional.empty(), Optional.empty())))
                .isNegative();
    }

    @Test
    void compare_randomValues_isConsistentWithEqualsAndAntisymmetric() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            for (int i = 0; i < 5000; i++) {
                Value a = random.value(3);
                Value b = i % 2 == 0 ? random.near(a, 2) : random.value(3);
                int ab = ORDER.compare(a, b);
                assertThat(Integer.signum(ORDER.compare(b, a))).isEqualTo(-Integer.signum(ab));
                assertThat(ab == 0).as("compare %s %s", a, b).isEqualTo(a.equals(b));
            }
        });
    }

    @Test
    void compare_randomTriples_isTransitive() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            List<Value> values = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                values.add(i % 3 == 0 || values.isEmpty() ? random.value(2) : random.near(values.getLast(), 2));
            }
            values.sort(ORDER);
            for (int i = 0; i + 1 < values.size(); i++) {
                assertThat(ORDER.compare(values.get(i), values.get(i + 1))).isLessThanOrEqualTo(0);
                int j = Math.min(values.size() - 1, i + 7);
                assertThat(ORDER.compare(values.get(i), values.get(j))).isLessThanOrEqualTo(0);
            }
        });
    }

    private static void assertStrictlyAscending(List<Value> values) {
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.size(); j++) {
                assertThat(Integer.signum(ORDER.compare(values.get(i), values.get(j))))
                        .as("compare(%s, %s)", values.get(i), values.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
    }
}
