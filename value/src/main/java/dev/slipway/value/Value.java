package dev.slipway.value;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * A Convex value. The set is closed: match it with an exhaustive {@code switch}.
 *
 * <p>Values are immutable. {@link Obj} keeps its fields sorted by key in UTF-16 code-unit order, as
 * the JS encoder emits them.
 */
public sealed interface Value
        permits Value.Null, Value.Int64, Value.Float64, Value.Bool, Value.Str, Value.Bytes, Value.Array, Value.Obj {

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

    /** A string; never contains unpaired surrogates. */
    record Str(String value) implements Value {}

    /** An {@code ArrayBuffer}. The array is copied in and out, so the value stays immutable. */
    record Bytes(byte[] value) implements Value {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
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
    }

    /** A plain object; fields sorted by key (UTF-16 code-unit order). */
    record Obj(SortedMap<String, Value> fields) implements Value {
        public Obj {
            fields = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(fields));
        }
    }
}
