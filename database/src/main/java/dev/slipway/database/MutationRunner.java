package dev.slipway.database;

import dev.slipway.persistence.Timestamp;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Runs mutations: begins a transaction, runs the body, commits, and on {@link OccConflict} runs the
 * body again from scratch on a fresh snapshot, as {@link RetryPolicy} allows. Any other failure ends
 * the run at once. The body must not have side effects outside the transaction, since it may run
 * several times. Thread-safe if its random generator is.
 */
public final class MutationRunner {

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A committed mutation: its result, commit timestamp and how many attempts it took. */
    public record Committed<T>(T value, Timestamp commitTs, int attempts) {}

    private final Database db;
    private final RetryPolicy policy;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final RandomGenerator jitter;

    /**
     * @param nanoTime a monotonic time source for the deadline ({@code System::nanoTime} in production)
     * @param sleeper waits between attempts ({@code d -> Thread.sleep(d)} in production)
     * @param jitter draws the backoff jitter
     */
    public MutationRunner(
            Database db, RetryPolicy policy, LongSupplier nanoTime, Sleeper sleeper, RandomGenerator jitter) {
        this.db = db;
        this.policy = policy;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /** A runner with {@link RetryPolicy#CONVEX_DEFAULTS}, the system's monotonic clock and real sleeps. */
    public static MutationRunner withDefaults(Database db, RandomGenerator jitter) {
        return new MutationRunner(db, RetryPolicy.CONVEX_DEFAULTS, System::nanoTime, Thread::sleep, jitter);
    }

    /**
     * Runs {@code body} in a user-level transaction until it commits.
     *
     * @throws OccConflict the last conflict, with the number of attempts, when retries or time ran out
     */
    public <T> Committed<T> run(Function<Transaction, T> body) {
        return run(false, body);
    }

    /** Like {@link #run(Function)}, in a transaction that may write system tables. */
    public <T> Committed<T> runSystem(Function<Transaction, T> body) {
        return run(true, body);
    }

    private <T> Committed<T> run(boolean system, Function<Transaction, T> body) {
        long deadline = nanoTime.getAsLong() + policy.timeout().toNanos();
        Duration backoff = policy.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            Transaction tx = system ? db.beginSystem() : db.begin();
            OccConflict conflict;
            try {
                T value = body.apply(tx);
                return new Committed<>(value, tx.commit(), attempt);
            } catch (OccConflict e) {
                conflict = e;
            }
            Duration wait = jittered(backoff);
            if (attempt > policy.maxRetries() || nanoTime.getAsLong() + wait.toNanos() >= deadline) {
                throw giveUp(conflict, attempt);
            }
            sleep(wait, conflict, attempt);
            backoff = min(backoff.multipliedBy(2), policy.maxBackoff());
        }
    }

    private Duration jittered(Duration step) {
        long nanos = step.toNanos();
        return nanos <= 1 ? step : Duration.ofNanos(nanos / 2 + jitter.nextLong(nanos - nanos / 2 + 1));
    }

    private void sleep(Duration wait, OccConflict conflict, int attempt) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            OccConflict interrupted = giveUp(conflict, attempt);
            interrupted.addSuppressed(e);
            throw interrupted;
        }
    }

    private static OccConflict giveUp(OccConflict last, int attempts) {
        return new OccConflict(
                "Mutation gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": "
                        + last.getMessage(),
                last);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
