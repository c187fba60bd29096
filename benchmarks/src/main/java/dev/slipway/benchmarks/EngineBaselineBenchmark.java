package dev.slipway.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
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
 * A diagnostic for {@link RuntimeBenchmark}: the same three calls on a bare GraalJS context, with the
 * Node side's stubs ({@code stubs.mjs}) evaluated inside it by {@code graal-baseline.mjs}, so nothing
 * crosses between Java and JavaScript during a call and none of Slipway's runtime layer runs (no
 * sandbox policy, prelude, host bridge, statement limit, thread hand-off or context lease). Against
 * {@code v8-bench.mjs} it is the engine's share of the ratio to V8; against {@link RuntimeBenchmark},
 * the runtime layer's.
 *
 * <p>Run like {@link RuntimeBenchmark} (the same warm-up), from the repository root:
 *
 * <pre>
 * java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=benchmarks/target/jvmci \
 *   --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *   -jar benchmarks/target/benchmarks.jar EngineBaselineBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class EngineBaselineBenchmark {
    /**
     * Contexts on the engine: 1 (the default) runs the app in the engine's only context; with 2 an idle
     * second context exists, so GraalJS compiles the shared code for several contexts, as it must for
     * Slipway's pool. A diagnostic.
     */
    @Param({"1"})
    public int contexts;

    private Context context;
    private Value call;
    private Value outcome;
    private List<String> mutationArgs;
    private int nextMutation;

    @Setup(Level.Trial)
    public void start() {
        BenchmarkApp app = BenchmarkApp.build();
        Engine engine = Engine.newBuilder("js").build();
        if (engine.getImplementationName().equalsIgnoreCase("Interpreted")) {
            engine.close();
            throw new IllegalStateException("GraalJS is running interpreter-only; " + OptimizingRuntime.HOW_TO_RUN);
        }
        context = Context.newBuilder("js")
                .engine(engine)
                .allowIO(IOAccess.newBuilder().allowHostFileAccess(true).build())
                .option("js.esm-eval-returns-exports", "true")
                .build();
        for (int i = 1; i < contexts; i++) {
            Context idle = Context.newBuilder("js").engine(engine).build();
            idle.eval("js", "1 + 1");
        }
        Path driver = BenchmarkApp.jsDirectory().resolve("graal-baseline.mjs");
        Value namespace;
        try {
            namespace = context.eval(Source.newBuilder("js", driver.toFile()).build());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + driver, e);
        }
        String ids = namespace
                .getMember("setup")
                .execute(String.join("\n", app.documents()))
                .asString();
        mutationArgs = Arrays.stream(ids.split("\n"))
                .map(id -> "[{\"id\":\"" + id + "\"}]")
                .toList();
        call = namespace.getMember("call");
        outcome = namespace.getMember("outcome");
    }

    @TearDown(Level.Trial)
    public void close() {
        context.close(true);
        context.getEngine().close(true);
    }

    /** Calls one of the app's functions and answers its result's JSON text. */
    String call(String function, String args) {
        call.executeVoid(function, args);
        return outcome.execute().asString();
    }

    @Benchmark
    public String query1000() {
        return call("query", AppCalls.QUERY_ARGS);
    }

    @Benchmark
    public String smallMutation() {
        return call("mutation", mutationArgs.get(nextMutation++ % mutationArgs.size()));
    }

    @Benchmark
    public String cpuAction() {
        return call("action", AppCalls.ACTION_ARGS);
    }

    /** {@code empty}: a query that does nothing; what a call costs by itself. */
    @Benchmark
    public String emptyQuery() {
        return call("empty", AppCalls.QUERY_ARGS);
    }
}
