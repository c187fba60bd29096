package dev.slipway.database;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * @param notificationExecutor runs subscription listeners ({@link Subscriptions}), off the committer
 *     thread; the default starts one virtual thread per notification, so a slow or blocking listener
 *     delays nobody and nothing needs shutting down. Tests pass {@code Runnable::run}.
 * @param retentionWindow how much history stays readable: {@link Database#beginAt} accepts
 *     timestamps down to the latest commit minus this window, and retention removes only revisions
 *     shadowed before it. It must be at least {@code occWindow}: a transaction that may still commit
 *     must also still be able to read its snapshot. Default 5 minutes.
 * @param retentionInterval the delay between two scheduled retention passes (default 1 minute)
 * @param retentionBatchSize most revisions removed per store call in a pass (default 1,000)
 * @param retentionScheduler runs retention passes every {@code retentionInterval}; empty means
 *     passes run only through {@link Database#runRetention()}. The default is one daemon thread
 *     shared by every database of the JVM; tests pass {@link Optional#empty()}.
 * @param backfillExecutor runs index backfills ({@link IndexBackfiller}), one task per index; the
 *     default starts one virtual thread per backfill. Tests pass an executor they control.
 * @param backfillPageSize documents read and indexed per step of a backfill (default 512)
 */
public record DatabaseOptions(
        LongSupplier clock,
        RandomGenerator random,
        ThreadFactory committerThreads,
        TransactionLimits limits,
        int scanPageSize,
        int maxGroupSize,
        Duration occWindow,
        Executor notificationExecutor,
        Duration retentionWindow,
        Duration retentionInterval,
        int retentionBatchSize,
        Optional<ScheduledExecutorService> retentionScheduler,
        Executor backfillExecutor,
        int backfillPageSize) {

    public DatabaseOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(notificationExecutor, "notificationExecutor");
        if (scanPageSize < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException(
                    "scanPageSize and maxGroupSize must be >= 1, got " + scanPageSize + " and " + maxGroupSize);
        }
        if (occWindow.isNegative() || occWindow.isZero()) {
            throw new IllegalArgumentException("occWindow must be positive, got " + occWindow);
        }
        checkRetention(occWindow, retentionWindow, retentionInterval, retentionBatchSize);
        Objects.requireNonNull(retentionScheduler, "retentionScheduler");
        Objects.requireNonNull(backfillExecutor, "backfillExecutor");
        if (backfillPageSize < 1) {
            throw new IllegalArgumentException("backfillPageSize must be >= 1, got " + backfillPageSize);
        }
    }

    private static void checkRetention(Duration occ, Duration window, Duration interval, int batchSize) {
        if (window.compareTo(occ) < 0) {
            throw new IllegalArgumentException("retentionWindow must be >= occWindow (" + occ + "), got " + window
                    + ": a transaction that may still commit must be able to read its snapshot");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("retentionInterval must be positive, got " + interval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("retentionBatchSize must be >= 1, got " + batchSize);
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
        private Executor notificationExecutor = Builder::startVirtual;
        private Duration retentionWindow = Duration.ofMinutes(5);
        private Duration retentionInterval = Duration.ofMinutes(1);
        private int retentionBatchSize = 1_000;
        private Optional<ScheduledExecutorService> retentionScheduler = Optional.empty();
        private boolean defaultRetentionScheduler = true;
        private Executor backfillExecutor = Builder::startBackfill;
        private int backfillPageSize = 512;

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

        public Builder notificationExecutor(Executor executor) {
            this.notificationExecutor = executor;
            return this;
        }

        public Builder retentionWindow(Duration window) {
            this.retentionWindow = window;
            return this;
        }

        public Builder retentionInterval(Duration interval) {
            this.retentionInterval = interval;
            return this;
        }

        public Builder retentionBatchSize(int revisions) {
            this.retentionBatchSize = revisions;
            return this;
        }

        /** Where retention passes run; {@link Optional#empty()} for manual passes only. */
        public Builder retentionScheduler(Optional<ScheduledExecutorService> scheduler) {
            this.retentionScheduler = scheduler;
            this.defaultRetentionScheduler = false;
            return this;
        }

        public Builder backfillExecutor(Executor executor) {
            this.backfillExecutor = executor;
            return this;
        }

        public Builder backfillPageSize(int documents) {
            this.backfillPageSize = documents;
            return this;
        }

        public DatabaseOptions build() {
            return new DatabaseOptions(
                    clock,
                    random,
                    committerThreads,
                    limits,
                    scanPageSize,
                    maxGroupSize,
                    occWindow,
                    notificationExecutor,
                    retentionWindow,
                    retentionInterval,
                    retentionBatchSize,
                    defaultRetentionScheduler ? Optional.of(DefaultRetention.SCHEDULER) : retentionScheduler,
                    backfillExecutor,
                    backfillPageSize);
        }

        private static void startBackfill(Runnable task) {
            Thread.ofVirtual().name("slipway-index-backfill").start(task);
        }

        private static void startVirtual(Runnable task) {
            Thread.ofVirtual().name("slipway-subscription").start(task);
        }

        private static long systemNanos() {
            java.time.Instant now = java.time.Instant.now();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }
    }

    /** The shared default retention scheduler, created on first use: one daemon thread. */
    private static final class DefaultRetention {
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("slipway-retention").daemon(true).factory());
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
