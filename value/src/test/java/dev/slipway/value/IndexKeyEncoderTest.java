package dev.slipway.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IndexKeyEncoderTest {

    @Test
    void encode_randomPairs_byteOrderEqualsValueOrder() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            for (int i = 0; i < 20_000; i++) {
                List<Optional<Value>> a = random.sequence(3, 2);
                List<Optional<Value>> b = i % 2 == 0 ? nearSequence(random, a) : random.sequence(3, 2);
                int expected = Integer.signum(ValueOrder.SEQUENCES.compare(a, b));
                int actual =
                        Integer.signum(Arrays.compareUnsigned(IndexKeyEncoder.encode(a), IndexKeyEncoder.encode(b)));
                assertThat(actual).as("%s vs %s", a, b).isEqualTo(expected);
            }
        });
    }

    @Test
    void decode_randomSequences_roundTrip() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            SplittableRandom ids = new SplittableRandom(seed);
            for (int i = 0; i < 5000; i++) {
                List<Optional<Value>> values = random.sequence(4, 3);
                assertThat(IndexKeyEncoder.decode(IndexKeyEncoder.encode(values)))
                        .isEqualTo(values);
                DocumentId id = new DocumentId(ids.nextInt(1, Integer.MAX_VALUE), InternalId.random(ids));
                IndexKeyEncoder.Decoded decoded = IndexKeyEncoder.decodeWithId(IndexKeyEncoder.encode(values, id));
                assertThat(decoded.values()).isEqualTo(values);
                assertThat(decoded.id()).isEqualTo(id);
            }
        });
    }

    @Test
    void encode_withId_equalValuesOrderByInternalIdAndStayUnique() {
        List<Optional<Value>> values = List.of(Optional.of(new Value.Str("x")));
        DocumentId low = new DocumentId(10001, new InternalId(new byte[16]));
        byte[] high = new byte[16];
        high[15] = 1;
        DocumentId higher = new DocumentId(10001, new InternalId(high));
        byte[] a = IndexKeyEncoder.encode(values, low);
        byte[] b = IndexKeyEncoder.encode(values, higher);
        assertThat(Arrays.compareUnsigned(a, b)).isNegative();
        assertThat(a).startsWith(IndexKeyEncoder.encode(values));
        assertThat(a).hasSize(IndexKeyEncoder.encode(values).length + IndexKeyEncoder.ID_SUFFIX_LENGTH);
    }

    @Test
    void encode_emptyFieldNameAndEmptyObject_stayApart() {
        // {} followed by null must sort before {"": null}: the Rust layout without key tags would tie here.
        List<Optional<Value>> emptyThenNull = List.of(Optional.of(Value.Obj.empty()), Optional.of(Value.Null.INSTANCE));
        List<Optional<Value>> emptyKey = List.of(Optional.of(Value.Obj.of(Map.of("", Value.Null.INSTANCE))));
        assertThat(Arrays.compareUnsigned(IndexKeyEncoder.encode(emptyThenNull), IndexKeyEncoder.encode(emptyKey)))
                .isNegative();
        assertThat(IndexKeyEncoder.decode(IndexKeyEncoder.encode(emptyKey))).isEqualTo(emptyKey);
    }

    @Test
    void encode_layout_isAsDocumented() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(IndexKeyEncoder.encode(List.of(Optional.empty(), Optional.of(Value.Null.INSTANCE)))))
                .isEqualTo("0103");
        assertThat(hex.formatHex(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Int64(1))))))
                .isEqualTo("088000000000000001");
        assertThat(hex.formatHex(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Float64(-0.0))))))
                .isEqualTo("0d7fffffffffffffff");
        assertThat(hex.formatHex(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str("a\u0000"))))))
                .isEqualTo("106100ff00");
        assertThat(hex.formatHex(IndexKeyEncoder.encode(
                        List.of(Optional.of(Value.Obj.of(Map.of("k", Value.Array.of(new Value.Bool(true)))))))))
                .isEqualTo("15106b00120f0000");
    }

    @Test
    void prefixUpperBound_randomKeys_containsExactlyTheKeysWithThatValuePrefix() {
        Seeds.run(Seeds.seed(), seed -> {
            RandomValues random = new RandomValues(seed);
            SplittableRandom ids = new SplittableRandom(seed);
            for (int i = 0; i < 10_000; i++) {
                List<Optional<Value>> prefix = random.sequence(2, 1);
                List<Optional<Value>> values =
                        new java.util.ArrayList<>(i % 2 == 0 ? prefix : nearSequence(random, prefix));
                values.addAll(random.sequence(2, 1));
                byte[] lower = IndexKeyEncoder.encode(prefix);
                byte[] upper = IndexKeyEncoder.prefixUpperBound(lower);
                byte[] key = i % 3 == 0
                        ? IndexKeyEncoder.encode(values)
                        : IndexKeyEncoder.encode(
                                values, new DocumentId(ids.nextInt(1, Integer.MAX_VALUE), InternalId.random(ids)));
                boolean inRange = Arrays.compareUnsigned(lower, key) <= 0 && Arrays.compareUnsigned(key, upper) < 0;
                boolean hasPrefix = values.size() >= prefix.size()
                        && values.subList(0, prefix.size()).equals(prefix);
                assertThat(inRange)
                        .as("%s in range of prefix %s", values, prefix)
                        .isEqualTo(hasPrefix);
            }
        });
    }

    @Test
    void prefixUpperBound_stringWithEscapedZero_isOutside() {
        byte[] lower = IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str("ab"))));
        byte[] upper = IndexKeyEncoder.prefixUpperBound(lower);
        byte[] next = IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str("ab\u0000"))));
        assertThat(next).startsWith(lower);
        assertThat(Arrays.compareUnsigned(next, upper)).isPositive();
    }

    @Test
    void decode_garbage_throwsInvalidValue() {
        assertThatThrownBy(() -> IndexKeyEncoder.decode(new byte[] {0x42}))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("unknown tag 0x42");
        assertThatThrownBy(() -> IndexKeyEncoder.decode(new byte[] {0x10, 0x61}))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("unexpected end");
    }

    private static List<Optional<Value>> nearSequence(RandomValues random, List<Optional<Value>> a) {
        if (a.isEmpty()) {
            return random.sequence(2, 2);
        }
        java.util.ArrayList<Optional<Value>> copy = new java.util.ArrayList<>(a);
        int i = copy.size() - 1;
        copy.set(i, copy.get(i).map(v -> random.near(v, 2)));
        return copy;
    }
}
