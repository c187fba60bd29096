package dev.slipway.persistence;

import java.util.Optional;

/** A half-open interval of index keys: {@code start} inclusive, {@code end} exclusive or unbounded. */
public record KeyRange(IndexKey start, Optional<IndexKey> end) {
    /** Every key. */
    public static final KeyRange ALL = new KeyRange(IndexKey.MIN, Optional.empty());

    public KeyRange {
        end.ifPresent(e -> {
            if (e.compareTo(start) < 0) {
                throw new IllegalArgumentException("key range ends at " + e + " before it starts at " + start);
            }
        });
    }

    public static KeyRange of(IndexKey startInclusive, IndexKey endExclusive) {
        return new KeyRange(startInclusive, Optional.of(endExclusive));
    }

    /** The keys with the given prefix. */
    public static KeyRange prefix(IndexKey prefix) {
        byte[] bytes = prefix.bytes();
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] != (byte) 0xFF) {
                byte[] end = java.util.Arrays.copyOf(bytes, i + 1);
                end[i]++;
                return of(prefix, new IndexKey(end));
            }
        }
        return new KeyRange(prefix, Optional.empty());
    }

    public boolean contains(IndexKey key) {
        return key.compareTo(start) >= 0 && end.map(e -> key.compareTo(e) < 0).orElse(true);
    }

    public boolean isEmpty() {
        return end.map(e -> e.compareTo(start) <= 0).orElse(false);
    }

    /**
     * What is left of this range to scan after a page whose last key, in scan order, was {@code last}:
     * the keys after it (ascending) or before it (descending).
     */
    public KeyRange remainingAfter(IndexKey last, Order order) {
        return switch (order) {
            case ASC -> new KeyRange(last.successor(), end);
            case DESC -> new KeyRange(start, Optional.of(last));
        };
    }
}
