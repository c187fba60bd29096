package dev.slipway.application;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * How an {@link Application} runs its scheduled functions and crons.
 *
 * @param concurrency how many scheduled jobs and cron runs execute at once (Convex's default, 8)
 * @param jobs runs each job; the default starts a virtual thread per job
 * @param loopThreads makes the one thread that finds due jobs and waits for the next
 * @param maxSystemAttempts how often a job that failed for a system reason (an OCC conflict that
 *     outlasted the retries, a runtime limit) is tried before it is marked failed; never forever
 */
public record SchedulerOptions(int concurrency, Executor jobs, ThreadFactory loopThreads, int maxSystemAttempts) {
    /** Convex's {@code SCHEDULED_JOB_EXECUTION_PARALLELISM}. */
    public static final int DEFAULT_CONCURRENCY = 8;

    public SchedulerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (maxSystemAttempts < 1) {
            throw new IllegalArgumentException("maxSystemAttempts must be >= 1, got " + maxSystemAttempts);
        }
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(loopThreads, "loopThreads");
    }

    /** Convex's concurrency, a virtual thread per job, a virtual loop thread, 5 attempts. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(
                DEFAULT_CONCURRENCY,
                task -> Thread.ofVirtual().name("slipway-scheduled-job").start(task),
                Thread.ofVirtual().name("slipway-scheduler").factory(),
                5);
    }

    /** The same options with {@code concurrency}. */
    public SchedulerOptions withConcurrency(int concurrency) {
        return new SchedulerOptions(concurrency, jobs, loopThreads, maxSystemAttempts);
    }
}
