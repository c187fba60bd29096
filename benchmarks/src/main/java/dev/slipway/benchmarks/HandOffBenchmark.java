package dev.slipway.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A diagnostic for {@link RuntimeBenchmark}: the floor under every call on the runtime, with no
 * JavaScript at all. A caller hands a task to a pool shaped like the runtime's (fixed platform
 * threads over a {@link LinkedBlockingQueue}, as {@code JsRuntime} builds it) and waits for the
 * future the task completes: a park and a wake-up each way, from a platform thread, as {@link
 * RuntimeBenchmark} calls. Run like {@link RuntimeBenchmark}: {@code -jar benchmarks.jar
 * HandOffBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandOffBenchmark {
    private ThreadPoolExecutor pool;

    @Setup
    public void start() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("handoff-", 0).daemon(true).factory());
        pool.prestartAllCoreThreads();
    }

    @TearDown
    public void stop() {
        pool.shutdownNow();
    }

    /** One round trip: the task is handed to the pool, which completes the future the caller waits on. */
    @Benchmark
    public Object roundTrip() {
        CompletableFuture<Object> done = new CompletableFuture<>();
        pool.execute(() -> done.complete(Boolean.TRUE));
        return done.join();
    }
}
