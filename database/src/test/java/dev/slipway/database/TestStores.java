package dev.slipway.database;

import dev.slipway.persistence.Persistence;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/** Deterministic options for tests: a ticking clock, a seeded random, a daemon committer thread. */
final class TestStores {
    /** 2026-01-01T00:00:00Z in nanoseconds. */
    static final long START_NANOS = 1_767_225_600_000_000_000L;

    private TestStores() {}

    /** A clock that advances 1 µs on every read, so commit timestamps are predictable but distinct. */
    static AtomicLong clock() {
        return new AtomicLong(START_NANOS);
    }

    static DatabaseOptions.Builder options(AtomicLong clock, long seed) {
        return DatabaseOptions.builder()
                .clock(() -> clock.addAndGet(1_000))
                .random(new LockedRandom(new SplittableRandom(seed)))
                .committerThreads(
                        Thread.ofPlatform().name("test-committer").daemon(true).factory())
                .occWindow(Duration.ofMinutes(5))
                .retentionScheduler(Optional.empty());
    }

    /** A store factory for the parameterized suites. */
    interface StoreFactory {
        /** A new, empty store. */
        Persistence create();

        /** A new handle on the data of {@code store}, as reopening its file would give; {@code store} is closed. */
        Persistence reopen(Persistence store);
    }

    /** A thread-safe wrapper of a seeded generator. */
    static final class LockedRandom implements RandomGenerator {
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
