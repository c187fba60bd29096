package dev.slipway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs each benchmark's setup, one operation and teardown on a small table, so a benchmark that no
 * longer works fails the build instead of the next person who runs it. Measures nothing.
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
}
