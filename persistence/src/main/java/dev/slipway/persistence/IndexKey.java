package dev.slipway.persistence;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An index key: the order-preserving encoding of the indexed values followed by the document id,
 * so that byte order (unsigned, shorter prefix first) is index order and every key is unique within
 * its index. Immutable.
 */
public record IndexKey(byte[] bytes) implements Comparable<IndexKey> {
    /** The empty key, smaller than every other. */
    public static final IndexKey MIN = new IndexKey(new byte[0]);

    public IndexKey {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The smallest key that is strictly greater than this one. */
    public IndexKey successor() {
        return new IndexKey(Arrays.copyOf(bytes, bytes.length + 1));
    }

    @Override
    public int compareTo(IndexKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "IndexKey[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
