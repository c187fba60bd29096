package dev.slipway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs each benchmark's setup, one operation and teardown on a small table, so a benchmark that no
 * longer works fails the build instead of the next person who runs it. Measures nothing.
 *
 * <p>The function-runtime benchmarks also check their premise: the GraalJS side ({@link
 * RuntimeBenchmark}, {@link EngineBaselineBenchmark}) and the Node side ({@code node v8-bench.mjs
 * --smoke}) run the same bundle (same content hash) and, against their twin stubs, return the same
 * results after the same syscalls. Node.js missing is a failure, never a skip.
 */
@Tag("postgres")
class BenchmarkSmokeTest {

    @ParameterizedTest
    @CsvSource({"sqlite,slipway", "sqlite,jdbc", "postgres,slipway", "postgres,jdbc"})
    void writeBatch_writesOneBatch(String backend, String impl) throws Exception {
        PersistenceWriteBenchmark benchmark = new PersistenceWriteBenchmark();
        benchmark.backend = backend;
        benchmark.impl = impl;
        benchmark.batchSize = 64;
        benchmark.open();
        try {
            benchmark.writeBatch();
            benchmark.writeBatch();
        } finally {
            benchmark.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"sqlite,slipway", "sqlite,jdbc", "postgres,slipway", "postgres,jdbc"})
    void scan100_readsHundredRows(String backend, String impl) throws Exception {
        IndexScanBenchmark benchmark = new IndexScanBenchmark();
        benchmark.backend = backend;
        benchmark.impl = impl;
        benchmark.tableSize = 2000;
        benchmark.load();
        try {
            long result = benchmark.scan100();
            // slipway returns the row count; jdbc the bytes of 100 keys and values
            assertThat(result).isGreaterThanOrEqualTo(100);
        } finally {
            benchmark.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "1000"})
    void subscriptionIndex_setUpAndMeasureOnce(int subscriptions) throws Exception {
        SubscriptionIndexBenchmark benchmark = new SubscriptionIndexBenchmark();
        benchmark.subscriptions = subscriptions;
        benchmark.register();
        assertThat(benchmark.invalidatedUntouched()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"sqlite,slipway", "sqlite,jdbc", "postgres,slipway", "postgres,jdbc"})
    void insertOne_fromFourThreads_insertsEach(String backend, String impl) throws Exception {
        DatabaseInsertBenchmark benchmark = new DatabaseInsertBenchmark();
        DatabaseInsertBenchmark.Shared shared = new DatabaseInsertBenchmark.Shared();
        shared.backend = backend;
        shared.impl = impl;
        shared.open();
        try {
            List<Callable<Long>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(() -> {
                    DatabaseInsertBenchmark.Writer writer = new DatabaseInsertBenchmark.Writer();
                    writer.open(shared);
                    try {
                        benchmark.insertOne(shared, writer);
                        return benchmark.insertOne(shared, writer);
                    } finally {
                        writer.close();
                    }
                });
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (Future<Long> result : pool.invokeAll(writers)) {
                    assertThat(result.get()).isNotNegative();
                }
            }
        } finally {
            shared.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"sqlite", "postgres"})
    void query10_returnsTenDocuments(String backend) {
        IndexedQueryBenchmark benchmark = new IndexedQueryBenchmark();
        benchmark.backend = backend;
        benchmark.tableSize = 2000;
        benchmark.load();
        try {
            assertThat(benchmark.query10()).isEqualTo(IndexedQueryBenchmark.MATCHES);
        } finally {
            benchmark.close();
        }
    }

    @Test
    @Tag("node")
    void runtimeBenchmark_eachCallOnce_matchesNodeHarness() {
        Value.Obj node = nodeSmoke();
        RuntimeBenchmark benchmark = new RuntimeBenchmark();
        benchmark.start();
        try {
            Map<String, String> results = new LinkedHashMap<>();
            results.put("query", benchmark.query1000());
            results.put("mutation", benchmark.smallMutation());
            results.put("action", benchmark.cpuAction());
            results.put("empty", benchmark.emptyQuery());

            assertThat(benchmark.version().contentHash())
                    .as("the bundle Slipway loaded and the one v8-bench.mjs imported")
                    .isEqualTo(string(node, "contentHash"));
            assertThat(results).isEqualTo(strings(field(node, "results")));
            assertThat(benchmark.syscallCounts()).isEqualTo(integers(field(node, "counts")));
            assertThat(results.get("query")).contains("\"count\":1000");
        } finally {
            benchmark.close();
        }
    }

    @Test
    @Tag("node")
    void engineBaseline_eachCallOnce_matchesNodeHarness() {
        Value.Obj node = nodeSmoke();
        EngineBaselineBenchmark benchmark = new EngineBaselineBenchmark();
        benchmark.start();
        try {
            Map<String, String> results = new LinkedHashMap<>();
            results.put("query", benchmark.query1000());
            results.put("mutation", benchmark.smallMutation());
            results.put("action", benchmark.cpuAction());
            results.put("empty", benchmark.emptyQuery());
            assertThat(results).isEqualTo(strings(field(node, "results")));
        } finally {
            benchmark.close();
        }
    }

    @Test
    @Tag("node")
    void coldStart_firstCallOfFreshVersion_succeeds() {
        ColdStartBenchmark benchmark = new ColdStartBenchmark();
        benchmark.function = "QUERY";
        benchmark.changed = "all";
        benchmark.path = "loaded";
        benchmark.warmSeconds = 0;
        benchmark.start();
        try {
            benchmark.deploy();
            assertThat(benchmark.firstCall()).contains("\"count\":1000");
        } finally {
            benchmark.close();
        }
    }

    /** {@code node v8-bench.mjs --smoke}: one call of each function on Node, as JSON. */
    private static Value.Obj nodeSmoke() {
        try {
            BenchmarkApp.installIfStale(BenchmarkApp.jsDirectory()); // a fresh clone has no node_modules yet
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String output = BenchmarkApp.run(BenchmarkApp.jsDirectory(), List.of("node", "v8-bench.mjs", "--smoke"), 120);
        String json = output.strip();
        json = json.substring(json.lastIndexOf('\n') + 1);
        return (Value.Obj) ConvexJson.decode(json);
    }

    private static Value field(Value.Obj object, String name) {
        Value value = object.fields().get(name);
        if (value == null) {
            throw new AssertionError("the Node harness output has no field " + name + ": " + object);
        }
        return value;
    }

    private static String string(Value.Obj object, String name) {
        return ((Value.Str) field(object, name)).value();
    }

    private static Map<String, String> strings(Value object) {
        Map<String, String> out = new LinkedHashMap<>();
        ((Value.Obj) object).fields().forEach((name, value) -> out.put(name, ((Value.Str) value).value()));
        return out;
    }

    private static Map<String, Integer> integers(Value object) {
        Map<String, Integer> out = new LinkedHashMap<>();
        ((Value.Obj) object).fields().forEach((name, value) -> out.put(name, (int) ((Value.Float64) value).value()));
        return out;
    }
}
