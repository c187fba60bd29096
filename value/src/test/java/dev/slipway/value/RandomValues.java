package dev.slipway.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded random Convex values for property tests: every type, nesting, special floats (both
 * zeros, NaNs with either sign and odd payloads, infinities, subnormals, random bit patterns),
 * astral and awkward strings, bytes with 0x00/0xFF, Int64 extremes, array-index-like field names.
 */
final class RandomValues {
    private static final String[] AWKWARD_STRINGS = {
        "",
        "a",
        "ab",
        "a\u0000b",
        "\u0000",
        "\"",
        "\\",
        "\b\f\n\r\t",
        "\u001f\u007f",
        "\u2028\u2029",
        "\uffff",
        "\ue000",
        "\ud7ff",
        "😀",
        "a😀",
        "𐀀",
        "\u00e9",
        "\u0800",
        "ÿ",
        "$x",
        "_id"
    };
    private static final String[] AWKWARD_KEYS = {
        "",
        "0",
        "1",
        "2",
        "10",
        "01",
        "00",
        "-1",
        "1.5",
        "4294967294",
        "4294967295",
        "99999999999",
        "a",
        "b",
        "A",
        "_",
        "_id",
        "__x",
        " ",
        "~",
        "a b",
        "\"q\"",
        "\\",
        "x$",
        "1e3"
    };
    private static final long[] SPECIAL_INTS = {
        0,
        1,
        -1,
        127,
        128,
        -128,
        -129,
        255,
        256,
        32767,
        32768,
        -32768,
        -32769,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        1L << 53,
        (1L << 53) + 1,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1
    };
    private static final long[] SPECIAL_FLOAT_BITS = {
        0x0000000000000000L, // +0
        0x8000000000000000L, // -0
        0x7ff8000000000000L, // NaN
        0xfff8000000000000L, // -NaN
        0x7ff0000000000001L, // signalling NaN, payload 1
        0xfff0000000000001L,
        0x7fffffffffffffffL,
        0xffffffffffffffffL,
        0x7ff0000000000000L, // +Infinity
        0xfff0000000000000L, // -Infinity
        0x0000000000000001L, // min subnormal
        0x8000000000000001L,
        0x000fffffffffffffL, // max subnormal
        0x0010000000000000L, // min normal
        0x7fefffffffffffffL, // max
        0x3ff0000000000000L, // 1
        0x3fb999999999999aL, // 0.1
        0x4415af1d78b58c40L, // 1e20
        0x444b1ae4d6e2ef50L, // 1e21
        0x3eb0c6f7a0b5ed8dL, // 1e-6
        0x3e7ad7f29abcaf48L, // 1e-7
        0x4340000000000000L, // 2^53
    };

    private final SplittableRandom random;

    RandomValues(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Value value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (kind) {
            case 0 -> random.nextInt(4) == 0 ? Value.Null.INSTANCE : new Value.Bool(random.nextBoolean());
            case 1 -> new Value.Int64(int64());
            case 2, 3 -> new Value.Float64(float64());
            case 4 -> new Value.Str(string());
            case 5 -> new Value.Bytes(bytes());
            case 6 -> array(depth - 1);
            default -> object(depth - 1);
        };
    }

    Optional<Value> optionalValue(int depth) {
        return random.nextInt(8) == 0 ? Optional.empty() : Optional.of(value(depth));
    }

    List<Optional<Value>> sequence(int maxLength, int depth) {
        int length = random.nextInt(maxLength + 1);
        List<Optional<Value>> out = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            out.add(optionalValue(depth));
        }
        return out;
    }

    /** A value close to {@code base}: same shape with one leaf changed, to make order ties deep. */
    Value near(Value base, int depth) {
        return switch (base) {
            case Value.Array(List<Value> elements)
            when !elements.isEmpty() && random.nextBoolean() -> {
                List<Value> copy = new ArrayList<>(elements);
                int i = random.nextInt(copy.size());
                copy.set(i, near(copy.get(i), depth));
                if (random.nextInt(4) == 0) {
                    copy.remove(copy.size() - 1);
                }
                yield new Value.Array(copy);
            }
            case Value.Obj obj
            when !obj.fields().isEmpty() && random.nextBoolean() -> {
                TreeMap<String, Value> copy = new TreeMap<>(obj.fields());
                var first = copy.firstEntry();
                copy.put(first.getKey(), near(first.getValue(), depth));
                if (random.nextInt(4) == 0) {
                    copy.put(key(), value(depth));
                }
                yield new Value.Obj(copy);
            }
            default -> random.nextInt(4) == 0 ? base : value(depth);
        };
    }

    long int64() {
        return switch (random.nextInt(4)) {
            case 0 -> SPECIAL_INTS[random.nextInt(SPECIAL_INTS.length)];
            case 1 -> random.nextInt(-300, 300);
            case 2 -> random.nextLong() >> random.nextInt(64);
            default -> random.nextLong();
        };
    }

    double float64() {
        return switch (random.nextInt(6)) {
            case 0 -> Double.longBitsToDouble(SPECIAL_FLOAT_BITS[random.nextInt(SPECIAL_FLOAT_BITS.length)]);
            case 1 -> Double.longBitsToDouble(random.nextLong());
            case 2 -> random.nextInt(-1000, 1000) / (double) (1 << random.nextInt(8));
            case 3 -> random.nextInt(-100, 100) * Math.pow(10, random.nextInt(-30, 30));
            case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(-330, 310));
            default -> random.nextGaussian() * 1e6;
        };
    }

    String string() {
        if (random.nextInt(3) == 0) {
            return AWKWARD_STRINGS[random.nextInt(AWKWARD_STRINGS.length)];
        }
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> out.appendCodePoint(random.nextInt(0, 0x80));
                case 1 -> out.appendCodePoint(random.nextInt(0x80, 0x800));
                case 2 -> out.appendCodePoint(randomBmpNonSurrogate());
                case 3 -> out.appendCodePoint(random.nextInt(0x10000, 0x110000));
                default -> out.append((char) random.nextInt('a', 'f'));
            }
        }
        return out.toString();
    }

    private int randomBmpNonSurrogate() {
        int c = random.nextInt(0x800, 0x10000 - 0x800);
        return c >= 0xD800 ? c + 0x800 : c;
    }

    byte[] bytes() {
        byte[] out = new byte[random.nextInt(10)];
        for (int i = 0; i < out.length; i++) {
            int r = random.nextInt(4);
            out[i] = r == 0 ? 0 : r == 1 ? (byte) 0xFF : (byte) random.nextInt(256);
        }
        return out;
    }

    String key() {
        if (random.nextInt(3) == 0) {
            return AWKWARD_KEYS[random.nextInt(AWKWARD_KEYS.length)];
        }
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(1, 6);
        for (int i = 0; i < length; i++) {
            char c = (char) random.nextInt(0x20, 0x7F);
            out.append(i == 0 && c == '$' ? 'd' : c);
        }
        return out.toString();
    }

    private Value array(int depth) {
        int length = random.nextInt(5);
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            out.add(value(depth));
        }
        return new Value.Array(out);
    }

    private Value object(int depth) {
        int length = random.nextInt(5);
        TreeMap<String, Value> out = new TreeMap<>();
        for (int i = 0; i < length; i++) {
            out.put(key(), value(depth));
        }
        return new Value.Obj(out);
    }
}
