package dev.slipway.benchmarks;

import dev.slipway.isolate.IsolateException;
import dev.slipway.isolate.JsRuntime;
import dev.slipway.isolate.RuntimeInfo;
import dev.slipway.isolate.RuntimeOptions;
import java.time.Duration;

/**
 * Starts Slipway's JavaScript runtime for a benchmark, refusing to measure GraalJS's interpreter: the
 * numbers of {@code docs/BENCHMARKS.md} are for the optimizing runtime, and an interpreter-only JVM
 * (no JVMCI, or no Graal compiler on the upgrade module path) would be 10-16x slower.
 */
final class OptimizingRuntime {
    /** How the benchmark JVM has to be started, for the error message. */
    static final String HOW_TO_RUN = "run the benchmarks with GraalJS's optimizing runtime: build with"
            + " 'mvn -o -pl benchmarks package' (which copies the Graal compiler jars to benchmarks/target/jvmci),"
            + " then 'java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI"
            + " --upgrade-module-path=benchmarks/target/jvmci --enable-native-access=ALL-UNNAMED"
            + " --sun-misc-unsafe-memory-access=allow -jar benchmarks/target/benchmarks.jar RuntimeBenchmark'"
            + " (see docs/BENCHMARKS.md)";

    private OptimizingRuntime() {}

    /**
     * The server's default options with two changes: no boot-time pre-warm (the benchmarks warm the
     * runtime on their own calls) and a query/mutation time limit of a minute instead of a second,
     * because the first calls in a fresh JVM run interpreted and the 1,000-document query then takes
     * longer than a second (which is what the server's pre-warm is for). Warm calls are far below
     * either limit.
     *
     * @param threads the runtime's JavaScript threads, or 0 for the default (one per core)
     */
    static RuntimeOptions benchmarkOptions(int threads) {
        RuntimeOptions.Builder options =
                RuntimeOptions.builder().prewarmInvocations(0).queryTimeLimit(Duration.ofMinutes(1));
        if (threads > 0) {
            options.threads(threads);
        }
        return options.build();
    }

    /** The runtime with {@code options}; fails unless GraalJS runs on its optimizing runtime. */
    static JsRuntime start(RuntimeOptions options) {
        if (options.allowInterpreter()) {
            throw new IllegalArgumentException("benchmarks never allow the interpreter: " + HOW_TO_RUN);
        }
        JsRuntime runtime;
        try {
            runtime = JsRuntime.create(options);
        } catch (IsolateException e) {
            if (e.code().equals(IsolateException.INTERPRETER_ONLY)) {
                throw new IllegalStateException(
                        "GraalJS is running interpreter-only, which these benchmarks refuse to measure; " + HOW_TO_RUN,
                        e);
            }
            throw e;
        }
        if (runtime.info().mode() != RuntimeInfo.Mode.OPTIMIZING) {
            String info = runtime.info().toString();
            runtime.close();
            throw new IllegalStateException("GraalJS reports " + info + "; " + HOW_TO_RUN);
        }
        return runtime;
    }
}
