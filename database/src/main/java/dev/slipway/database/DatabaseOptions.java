package dev.slipway.database;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * How a {@link Database} runs: its time source, randomness, committer thread and limits. Build with
 * {@link #builder()}; every setting has a default.
 *
 * @param clock nanoseconds since the Unix epoch; commit timestamps are {@code max(clock, last + 1)}
 * @param random the source of document internal ids; must be thread-safe if transactions run on
 *     several threads (the default {@link SplittableRandom} is wrapped in a lock)
 * @param committerThreads makes the one committer thread
 * @param limits the per-transaction limits
 * @param scanPageSize rows fetched from persistence per page of a query
 * @param maxGroupSize most transactions committed in one persistence batch
 * @param occWindow how long the write log keeps commits; older snapshots can no longer commit
 */
public record DatabaseOptions(
        LongSupplier clock,
        RandomGenerator random,
        ThreadFactory committerThreads,
        TransactionLimits limits,
        int scanPageSize,
        int maxGroupSize,
        Duration occWindow) {

    public DatabaseOptions {
        Objects.requireNonNull(clock, "clock");
        if (scanPageSize < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException(
                    "scanPageSize and maxGroupSize must be >= 1, got " + scanPageSize + " and " + maxGroupSize);
        }
        if (occWindow.isNegative() || occWindow.isZero()) {
            throw new IllegalArgumentException("occWindow must be positive, got " + occWindow);
        }
    }

    /** The defaults: system clock, a locked {@link SplittableRandom}, a platform thread, Convex limits. */
    public static DatabaseOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link DatabaseOptions}. */
    public static final class Builder {
        private LongSupplier clock = Builder::systemNanos;
        private RandomGenerator random = new LockedRandom(new SplittableRandom());
        private ThreadFactory committerThreads =
                Thread.ofPlatform().name("slipway-committer").daemon(true).factory();
        private TransactionLimits limits = TransactionLimits.CONVEX_DEFAULTS;
        private int scanPageSize = 128;
        private int maxGroupSize = 256;
        private Duration occWindow = Duration.ofMinutes(1);

        private Builder() {}

        public Builder clock(LongSupplier nanosSinceEpoch) {
            this.clock = nanosSinceEpoch;
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder committerThreads(ThreadFactory factory) {
            this.committerThreads = factory;
            return this;
        }

        public Builder limits(TransactionLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder scanPageSize(int rows) {
            this.scanPageSize = rows;
            return this;
        }

        public Builder maxGroupSize(int transactions) {
            this.maxGroupSize = transactions;
            return this;
        }

        public Builder occWindow(Duration window) {
            this.occWindow = window;
            return this;
        }

        public DatabaseOptions build() {
            return new DatabaseOptions(clock, random, committerThreads, limits, scanPageSize, maxGroupSize, occWindow);
        }

        private static long systemNanos() {
            java.time.Instant now = java.time.Instant.now();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }
    }

    /** A random generator made safe for several threads by a lock. */
    private static final class LockedRandom implements RandomGenerator {
        private final RandomGenerator delegate;

        LockedRandom(RandomGenerator delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized long nextLong() {
            return delegate.nextLong();
        }
    }
}
