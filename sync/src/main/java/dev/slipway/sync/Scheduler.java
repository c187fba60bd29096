package dev.slipway.sync;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay; injected so tests control time. */
@FunctionalInterface
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}; the returned subscription cancels it. */
    Subscription schedule(Runnable task, Duration delay);

    /** A scheduler over a {@link ScheduledExecutorService}. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
