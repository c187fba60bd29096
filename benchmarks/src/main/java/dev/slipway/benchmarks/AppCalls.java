package dev.slipway.benchmarks;

import dev.slipway.isolate.CodeVersion;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.Invocation;
import dev.slipway.isolate.InvocationResult;
import dev.slipway.isolate.JsRuntime;
import java.util.List;
import java.util.Map;

/**
 * The three calls of the function-runtime benchmark, made the way {@code v8-bench.mjs} makes them on
 * Node (same functions, same argument texts, same stubs), on Slipway's runtime: build the {@link
 * Invocation}, {@link JsRuntime#invoke} it, wait for the result on the calling thread. A failed call
 * throws, so a broken benchmark never reports a time.
 *
 * <p>Not thread-safe: one caller at a time (the stubs and the mutation's argument cycle are shared).
 */
final class AppCalls {
    /** The query's arguments: none. */
    static final String QUERY_ARGS = "[{}]";
    /** The action's arguments (as in v8-bench.mjs): about 3 ms of work on V8 on the benchmark machine. */
    static final String ACTION_ARGS = "[{\"seed\":12345,\"size\":2000}]";
    /** The request id passed to the action, as v8-bench.mjs does. */
    static final String REQUEST_ID = "benchmark";

    private static final long NOW_MILLIS = 1_763_800_000_000L;

    private final JsRuntime runtime;
    private final InMemorySyscalls stubs;
    private final List<String> mutationArgs;
    private int nextMutation;

    AppCalls(JsRuntime runtime, InMemorySyscalls stubs) {
        this.runtime = runtime;
        this.stubs = stubs;
        this.mutationArgs =
                stubs.ids().stream().map(id -> "[{\"id\":\"" + id + "\"}]").toList();
    }

    /** How often each syscall was made so far (see {@link InMemorySyscalls#counts()}). */
    Map<String, Integer> syscallCounts() {
        return stubs.counts();
    }

    /** The functions of {@code bench.js} the benchmark calls. */
    enum Function {
        /** {@code readAll}: reads the 1,000-document table and aggregates it. */
        QUERY("readAll", FunctionKind.QUERY),
        /** {@code touch}: one get, one patch and one insert. */
        MUTATION("touch", FunctionKind.MUTATION),
        /** {@code crunch}: CPU-bound work, no syscalls. */
        ACTION("crunch", FunctionKind.ACTION),
        /** {@code empty}: a query that does nothing, the cost of a call by itself. */
        EMPTY("empty", FunctionKind.QUERY);

        private final String export;
        private final FunctionKind kind;

        Function(String export, FunctionKind kind) {
            this.export = export;
            this.kind = kind;
        }
    }

    /** Calls {@code function} of {@code version} and answers its result's JSON text. */
    String call(CodeVersion version, Function function) {
        String args = switch (function) {
            case QUERY, EMPTY -> QUERY_ARGS;
            case MUTATION -> mutationArgs.get(nextMutation++ % mutationArgs.size());
            case ACTION -> ACTION_ARGS;
        };
        Invocation invocation = Invocation.builder(version, BenchmarkApp.MODULE, function.export, function.kind)
                .argsJson(args)
                .syscalls(stubs)
                .seed(42)
                .nowMillis(NOW_MILLIS)
                .requestId(function == Function.ACTION ? REQUEST_ID : "")
                .build();
        InvocationResult result = runtime.invoke(invocation).join();
        return switch (result.outcome()) {
            case InvocationResult.Success success -> success.resultJson();
            case InvocationResult.Failure failure ->
                throw new IllegalStateException(BenchmarkApp.MODULE + ":" + function.export + " failed on " + version
                        + ": " + failure.message() + "\n" + failure.stack());
        };
    }
}
