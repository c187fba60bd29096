package dev.slipway.benchmarks;

import dev.slipway.isolate.CodeVersion;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.RuntimeOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm calls on Slipway's JavaScript runtime (GraalJS, optimizing): the benchmark app's 1,000-document
 * query, small mutation and CPU-bound action (and an empty query, the cost of a call by itself), each a
 * whole {@link JsRuntime#invoke} (hand-off to the
 * runtime's thread, context lease, the call, the result back), against {@link InMemorySyscalls}.
 * {@code v8-bench.mjs} makes the same calls on Node's V8 with the same stubs; {@code
 * docs/BENCHMARKS.md} ("Function runtime") has both and their ratio.
 *
 * <p>The runtime has the server's default {@link RuntimeOptions} (statement limit, watchdog, pool),
 * without the boot-time pre-warm: the long warm-up below warms it on the benchmark's own calls.
 * GraalJS needs that warm-up: on 2 cores its compiler takes 70-90 s of CPU before the code is stable,
 * hence 15 warm-up iterations of 5 s per benchmark.
 *
 * <p>Run from the repository root (the app is bundled from {@code benchmarks/src/main/js}), with the
 * optimizing runtime; the benchmark fails if GraalJS runs interpreter-only:
 *
 * <pre>
 * java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=benchmarks/target/jvmci \
 *   --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *   -jar benchmarks/target/benchmarks.jar RuntimeBenchmark
 * </pre>
 *
 * JMH passes these JVM options on to its forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class RuntimeBenchmark {
    /**
     * JavaScript threads of the runtime; 0 (the default) keeps the server's default, one per core. A
     * diagnostic: with one thread every call runs its context on the same thread.
     */
    @Param({"0"})
    public int threads;

    private JsRuntime runtime;
    private CodeVersion version;
    private AppCalls calls;

    @Setup(Level.Trial)
    public void start() {
        BenchmarkApp app = BenchmarkApp.build();
        runtime = OptimizingRuntime.start(OptimizingRuntime.benchmarkOptions(threads));
        version = runtime.load("benchmark", "v1", app.modules());
        calls = new AppCalls(runtime, new InMemorySyscalls(app.documents()));
    }

    @TearDown(Level.Trial)
    public void close() {
        runtime.close();
    }

    /** The loaded app (for the smoke test's comparison with the Node side). */
    CodeVersion version() {
        return version;
    }

    /** The stubs' syscall counts so far (for the smoke test's comparison with the Node side). */
    Map<String, Integer> syscallCounts() {
        return calls.syscallCounts();
    }

    /** {@code readAll}: 1,000 documents through {@code ctx.db.query("docs").collect()}, one syscall each. */
    @Benchmark
    public String query1000() {
        return calls.call(version, AppCalls.Function.QUERY);
    }

    /** {@code touch}: one get, one patch, one insert. */
    @Benchmark
    public String smallMutation() {
        return calls.call(version, AppCalls.Function.MUTATION);
    }

    /** {@code crunch}: a few milliseconds of JSON, sorting, string and number work, no syscalls. */
    @Benchmark
    public String cpuAction() {
        return calls.call(version, AppCalls.Function.ACTION);
    }

    /** {@code empty}: a query that does nothing; what a call costs by itself. */
    @Benchmark
    public String emptyQuery() {
        return calls.call(version, AppCalls.Function.EMPTY);
    }
}
