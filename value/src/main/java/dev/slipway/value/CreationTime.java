package dev.slipway.value;

/**
 * A document's {@code _creationTime}: milliseconds since the Unix epoch as a Float64, derived from
 * the inserting transaction's commit timestamp (§2.2 of the interface reference).
 *
 * <p>Caller's obligation: within one transaction every insert must get a strictly greater value
 * than the one before. Start from {@link #fromCommitTimestamp} of the transaction's timestamp and
 * take {@link #next()} (the next representable double) for each further insert, as the Convex
 * backend does. Since commit timestamps are strictly increasing and at least 1 µs apart in practice,
 * later transactions start above the values handed out by earlier ones.
 *
 * @param millis finite and not negative ({@code -0.0} is rejected)
 */
public record CreationTime(double millis) implements Comparable<CreationTime> {

    public CreationTime {
        if (!Double.isFinite(millis) || Double.doubleToRawLongBits(millis) < 0) {
            throw new InvalidValueException(
                    "", "creation time must be a finite, non-negative number of milliseconds, got " + millis);
        }
    }

    /**
     * {@code floor(ns / 1e6) + (ns mod 1e6) · 1e-6}, computed like the backend: the integral
     * milliseconds exactly, plus the sub-millisecond remainder times {@code 1e-6}.
     *
     * @param commitTimestampNanos nanoseconds since the epoch, not negative
     */
    public static CreationTime fromCommitTimestamp(long commitTimestampNanos) {
        if (commitTimestampNanos < 0) {
            throw new IllegalArgumentException("a commit timestamp is not negative, got " + commitTimestampNanos);
        }
        long integral = commitTimestampNanos / 1_000_000;
        double fractional = (commitTimestampNanos % 1_000_000) * 1e-6;
        return new CreationTime(integral + fractional);
    }

    /** The smallest creation time greater than this one (the next double up). */
    public CreationTime next() {
        return new CreationTime(Math.nextUp(millis));
    }

    /** This creation time as the value of the {@code _creationTime} field. */
    public Value.Float64 toValue() {
        return new Value.Float64(millis);
    }

    @Override
    public int compareTo(CreationTime other) {
        return Double.compare(millis, other.millis);
    }
}
