package dev.slipway.value;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** The 16 random bytes that identify a document within its table. Immutable. */
public record InternalId(byte[] bytes) implements Comparable<InternalId> {
    /** Length of every internal id, in bytes. */
    public static final int LENGTH = 16;

    public InternalId {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an internal id has " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** An internal id of 16 bytes drawn from {@code random}. */
    public static InternalId random(RandomGenerator random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return new InternalId(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public int compareTo(InternalId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InternalId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
