package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness of the sync tests that run sessions on real threads: a printed seed for the test's own
 * choices ({@code -Dslipway.seed=N} replays them; the thread interleaving is the machine's), a pool of
 * four threads behind a {@link CountingExecutor} that knows when no task is left, and a timer thread.
 * A failure is rethrown naming the seed.
 */
final class ThreadedRuns {
    private ThreadedRuns() {}

    /** A test body on the harness's executor and timers. */
    @FunctionalInterface
    interface Body {
        void run(long seed, CountingExecutor executor, Scheduler scheduler) throws Exception;
    }

    static void run(String test, Body body) throws Exception {
        Long fixed = Long.getLong("slipway.seed");
        long seed = fixed != null ? fixed : new SplittableRandom().nextLong();
        System.out.println(test + " seed " + seed + " (replay the choices with -Dslipway.seed=" + seed + ")");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            body.run(seed, new CountingExecutor(pool), Scheduler.of(timers));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
            timers.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Runs tasks on a pool and knows when none is left. */
    static final class CountingExecutor implements Executor {
        private final ExecutorService pool;
        private final AtomicInteger inFlight = new AtomicInteger();

        CountingExecutor(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            inFlight.incrementAndGet();
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }

        /** Waits until no task has run for a while (up to 30 s); fails if tasks are still running then. */
        void awaitIdle() throws InterruptedException {
            int quiet = 0;
            for (int i = 0; i < 6000 && quiet < 5; i++) {
                quiet = inFlight.get() == 0 ? quiet + 1 : 0;
                Thread.sleep(5);
            }
            assertThat(inFlight.get()).as("tasks still running after the wait").isZero();
        }
    }
}
