package dev.slipway.application;

import dev.slipway.database.RetryPolicy;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * How an {@link Application} runs functions.
 *
 * @param deployment the deployment's name (function metadata, logs)
 * @param clockMillis wall-clock milliseconds: an action's {@code Date.now()}, scheduled times
 * @param seeds draws each invocation's {@code Math.random} seed; must be thread-safe (the default,
 *     {@link ThreadLocalRandom#current()}, is)
 * @param retries OCC retries of mutations
 * @param actionCalls runs the nested calls of actions ({@code ctx.runQuery} and the like) off the
 *     action's own thread; the default starts a virtual thread per call
 * @param functionLogCapacity how many recent function executions the {@link FunctionLog} keeps
 *     ({@link FunctionLog#DEFAULT_CAPACITY} by default)
 */
public record ApplicationOptions(
        String deployment,
        LongSupplier clockMillis,
        RandomGenerator seeds,
        RetryPolicy retries,
        Executor actionCalls,
        int functionLogCapacity) {

    public ApplicationOptions {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(clockMillis, "clockMillis");
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(actionCalls, "actionCalls");
        if (functionLogCapacity < 1) {
            throw new IllegalArgumentException("functionLogCapacity must be >= 1, got " + functionLogCapacity);
        }
    }

    /** Options with a function log of {@link FunctionLog#DEFAULT_CAPACITY} entries. */
    public ApplicationOptions(
            String deployment,
            LongSupplier clockMillis,
            RandomGenerator seeds,
            RetryPolicy retries,
            Executor actionCalls) {
        this(deployment, clockMillis, seeds, retries, actionCalls, FunctionLog.DEFAULT_CAPACITY);
    }

    /** The same options reading the time (ms since the epoch) from {@code clock}. */
    public ApplicationOptions withClock(LongSupplier clock) {
        return new ApplicationOptions(deployment, clock, seeds, retries, actionCalls, functionLogCapacity);
    }

    /** The same options with a function log of {@code capacity} entries. */
    public ApplicationOptions withFunctionLogCapacity(int capacity) {
        return new ApplicationOptions(deployment, clockMillis, seeds, retries, actionCalls, capacity);
    }

    /** System clock, fresh random seeds, Convex's retry policy, virtual threads for action calls. */
    public static ApplicationOptions defaults(String deployment) {
        return new ApplicationOptions(
                deployment,
                System::currentTimeMillis,
                ThreadLocalRandom.current(),
                RetryPolicy.CONVEX_DEFAULTS,
                task -> Thread.ofVirtual().name("slipway-action-call").start(task));
    }
}
