package dev.slipway.value;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Convex value. The set is closed: match it with an exhaustive {@code switch}.
 *
 * <p>Values are immutable. {@link Obj} keeps its fields sorted by key in UTF-16 code-unit order
 * (which for the ASCII-only field names is also UTF-8 byte order). Construction enforces what makes
 * a value well formed: strings have no unpaired surrogates and object keys are valid field names
 * ({@link FieldNames}); the size limits are checked by {@link ValueSize#check} and by the decoders.
 * {@code equals} is exact: {@code Float64} compares bits, so {@code NaN} equals a NaN with the same
 * bits and {@code -0.0} differs from {@code 0.0}, matching {@link ValueOrder}.
 */
public sealed interface Value
        permits Value.Null, Value.Int64, Value.Float64, Value.Bool, Value.Str, Value.Bytes, Value.Array, Value.Obj {

    /** The Convex size of this value (§1.3), see {@link ValueSize#of}. */
    default long size() {
        return ValueSize.of(this);
    }

    /** The JSON {@code null}. */
    enum Null implements Value {
        INSTANCE
    }

    /** A JS {@code bigint} restricted to 64-bit two's complement. */
    record Int64(long value) implements Value {}

    /** A JS {@code number}; NaN, infinities and {@code -0.0} are kept exactly, bits included. */
    record Float64(double value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Float64 other
                    && Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(other.value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(Double.doubleToRawLongBits(value));
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements Value {}

    /**
     * A string; never contains unpaired surrogates.
     *
     * @throws InvalidValueException from the constructor when {@code value} has an unpaired surrogate
     */
    record Str(String value) implements Value {
        public Str {
            int bad = Utf8.firstUnpairedSurrogate(value);
            if (bad >= 0) {
                throw new InvalidValueException(
                        "",
                        "string has an unpaired surrogate " + Utf8.describeChar(value, bad) + " at index " + bad
                                + " (Convex strings must be valid Unicode)");
            }
        }
    }

    /** An {@code ArrayBuffer}. The array is copied in and out, so the value stays immutable. */
    record Bytes(byte[] value) implements Value {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The number of bytes, without copying them. */
        public int length() {
            return value.length;
        }

        /** The bytes themselves, for this package's encoders, which must not change them. */
        byte[] unsharedBytes() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + " bytes]";
        }
    }

    /** An array of values. */
    record Array(List<Value> elements) implements Value {
        public Array {
            elements = List.copyOf(elements);
        }

        /** An array of the given elements. */
        public static Array of(Value... elements) {
            return new Array(List.of(elements));
        }
    }

    /**
     * A plain object; fields sorted by key (UTF-16 code-unit order), whatever the order of the map
     * passed in.
     *
     * @throws InvalidValueException from the constructor when a key is not a valid field name
     */
    record Obj(SortedMap<String, Value> fields) implements Value {
        public Obj {
            TreeMap<String, Value> copy = new TreeMap<>();
            copy.putAll(fields);
            for (String name : copy.keySet()) {
                FieldNames.checkFieldName(name);
            }
            fields = Collections.unmodifiableSortedMap(copy);
        }

        /** An object with the fields of {@code fields} (any map; keys are sorted here). */
        public static Obj of(Map<String, ? extends Value> fields) {
            return new Obj(new TreeMap<>(fields));
        }

        /** The empty object. */
        public static Obj empty() {
            return new Obj(new TreeMap<>());
        }
    }
}
