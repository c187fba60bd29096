package dev.slipway.database;

import java.time.Duration;

/**
 * How {@link MutationRunner} retries conflicting mutations: at most {@code maxRetries} retries after
 * the first attempt, backoff doubling from {@code initialBackoff} up to {@code maxBackoff} with full
 * jitter (a uniform draw between half and all of the step), and no attempt started after {@code
 * timeout} from the first one. {@link #CONVEX_DEFAULTS}: 4 retries, 100 ms to 2 s, 30 s.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    /** Convex's retry defaults. */
    public static final RetryPolicy CONVEX_DEFAULTS =
            new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }
}
