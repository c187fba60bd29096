package dev.slipway.persistence;

/**
 * A commit timestamp: nanoseconds since the Unix epoch, non-negative (Convex's u64 limited to
 * {@code Long.MAX_VALUE}). Only the committer assigns them, strictly increasing.
 */
public record Timestamp(long nanos) implements Comparable<Timestamp> {
    /** The smallest timestamp. */
    public static final Timestamp MIN = new Timestamp(0);
    /** The largest timestamp. */
    public static final Timestamp MAX = new Timestamp(Long.MAX_VALUE);

    public Timestamp {
        if (nanos < 0) {
            throw new IllegalArgumentException("a timestamp is non-negative, got " + nanos);
        }
    }

    public static Timestamp of(long nanos) {
        return new Timestamp(nanos);
    }

    /** The next timestamp; fails at {@link #MAX}. */
    public Timestamp successor() {
        return new Timestamp(Math.addExact(nanos, 1));
    }

    @Override
    public int compareTo(Timestamp other) {
        return Long.compare(nanos, other.nanos);
    }
}
