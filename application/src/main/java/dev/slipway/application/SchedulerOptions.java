package dev.slipway.application;

import java.time.Duration;
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
 * @param jobRetention how long a finished job ({@code success}, {@code failed}, {@code canceled})
 *     stays in {@code _scheduled_functions} after its {@code completedTime} before it is deleted
 *     (Convex's default, a week), on the deployment's clock
 */
public record SchedulerOptions(
        int concurrency, Executor jobs, ThreadFactory loopThreads, int maxSystemAttempts, Duration jobRetention) {
    /** Convex's {@code SCHEDULED_JOB_EXECUTION_PARALLELISM}. */
    public static final int DEFAULT_CONCURRENCY = 8;

    /** Convex's {@code SCHEDULED_JOB_RETENTION}. */
    public static final Duration DEFAULT_JOB_RETENTION = Duration.ofDays(7);

    public SchedulerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (maxSystemAttempts < 1) {
            throw new IllegalArgumentException("maxSystemAttempts must be >= 1, got " + maxSystemAttempts);
        }
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(loopThreads, "loopThreads");
        Objects.requireNonNull(jobRetention, "jobRetention");
        if (jobRetention.isNegative()) {
            throw new IllegalArgumentException("jobRetention must not be negative, got " + jobRetention);
        }
    }

    /** Convex's concurrency, a virtual thread per job, a virtual loop thread, 5 attempts, a week's retention. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(
                DEFAULT_CONCURRENCY,
                task -> Thread.ofVirtual().name("slipway-scheduled-job").start(task),
                Thread.ofVirtual().name("slipway-scheduler").factory(),
                5,
                DEFAULT_JOB_RETENTION);
    }

    /** The same options with {@code concurrency}. */
    public SchedulerOptions withConcurrency(int concurrency) {
        return new SchedulerOptions(concurrency, jobs, loopThreads, maxSystemAttempts, jobRetention);
    }

    /** The same options with finished jobs kept for {@code retention}. */
    public SchedulerOptions withJobRetention(Duration retention) {
        return new SchedulerOptions(concurrency, jobs, loopThreads, maxSystemAttempts, retention);
    }
}
