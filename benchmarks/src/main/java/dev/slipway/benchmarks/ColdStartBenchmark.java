package dev.slipway.benchmarks;

import dev.slipway.isolate.CodeVersion;
import dev.slipway.isolate.JsRuntime;
import java.util.HashMap;
import java.util.Locale;
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
 * Cold start on a warm runtime: the first call of a freshly loaded code version. The runtime is first
 * warmed for {@code warmSeconds} on the benchmark app's three functions (a server that has been
 * serving the previous version); then every iteration loads a new version, whose module text differs
 * by a comment (so it is a new version with new sources, not a cached one), and times its first call
 * (JMH single-shot mode: one call per iteration, 30 measured; read the p50 from the percentiles).
 *
 * <ul>
 *   <li>{@code changed=entry}: only {@code bench.js} (the user's functions) changes, as in most
 *       deploys; the bundled {@code convex} library chunk ({@code _deps/…js}) is byte for byte the
 *       same. {@code changed=all}: every module changes (e.g. a {@code convex} upgrade).
 *   <li>{@code path=pushed}: the version is analyzed first (outside the measured time), as a code push
 *       does, and the push's context, with every module imported, goes back to the pool, so the first
 *       call finds it. {@code path=loaded}: only loaded, so the first call creates a context, imports
 *       the modules and runs (what a call meets when no idle context of the version is left).
 * </ul>
 *
 * <p>Run from the repository root with the optimizing runtime (see {@link RuntimeBenchmark}):
 *
 * <pre>
 * java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=benchmarks/target/jvmci \
 *   --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *   -jar benchmarks/target/benchmarks.jar ColdStartBenchmark -rf json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = 1)
@Measurement(iterations = 30, batchSize = 1)
@Fork(1)
public class ColdStartBenchmark {
    /**
     * Which function the first call calls: QUERY, MUTATION, ACTION (the runtime benchmark's three) or
     * EMPTY (a query that does nothing: what the first call costs apart from the function's own work).
     */
    @Param({"QUERY", "MUTATION", "ACTION", "EMPTY"})
    public String function;

    /** Which modules differ in each fresh version: {@code entry} (bench.js only) or {@code all}. */
    @Param({"entry", "all"})
    public String changed;

    /** {@code pushed} (analyzed before the call, as a code push does) or {@code loaded} (not). */
    @Param({"pushed", "loaded"})
    public String path;

    /** How long the runtime serves the first version before the measurements. */
    @Param({"60"})
    public int warmSeconds;

    private JsRuntime runtime;
    private AppCalls calls;
    private Map<String, String> modules;
    private AppCalls.Function called;
    private CodeVersion fresh;
    private int versions;

    @Setup(Level.Trial)
    public void start() {
        called = AppCalls.Function.valueOf(function.toUpperCase(Locale.ROOT));
        if (!changed.equals("entry") && !changed.equals("all")) {
            throw new IllegalArgumentException("changed must be entry or all, got " + changed);
        }
        if (!path.equals("pushed") && !path.equals("loaded")) {
            throw new IllegalArgumentException("path must be pushed or loaded, got " + path);
        }
        BenchmarkApp app = BenchmarkApp.build();
        modules = app.modules();
        runtime = OptimizingRuntime.start(OptimizingRuntime.benchmarkOptions(0));
        calls = new AppCalls(runtime, new InMemorySyscalls(app.documents()));
        warm(runtime.load("benchmark", "serving", modules));
        fresh = runtime.load("benchmark", "unused", modules);
    }

    /** Calls the three functions in turn for {@code warmSeconds} (at least once each). */
    private void warm(CodeVersion serving) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmSeconds);
        do {
            for (AppCalls.Function f : AppCalls.Function.values()) {
                calls.call(serving, f);
            }
        } while (System.nanoTime() < end);
    }

    /** A new version (new module text), analyzed when {@code path=pushed}; not measured. */
    @Setup(Level.Iteration)
    public void deploy() {
        int n = ++versions;
        Map<String, String> changedModules = new HashMap<>(modules);
        changedModules.replaceAll((module, source) -> changed.equals("all") || module.equals(BenchmarkApp.MODULE)
                ? source + "\n// cold-start version " + n + "\n"
                : source);
        fresh = runtime.load("benchmark", "cold-" + n, changedModules);
        if (path.equals("pushed")) {
            var _ = runtime.analyze(fresh).join();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        runtime.close();
    }

    /** The first call of the fresh version. */
    @Benchmark
    public String firstCall() {
        return calls.call(fresh, called);
    }
}
