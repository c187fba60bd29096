package dev.slipway.benchmarks;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.Timestamp;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * Durable batch writes: one batch of {@code batchSize} new documents, each with one index entry, per
 * operation. {@code slipway} goes through {@code Persistence.write}; {@code jdbc} is the hand-written
 * baseline of {@link RawTables} on the same backend with the same durability.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PersistenceWriteBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PersistenceWriteBenchmark {

    @Param({"sqlite", "postgres"})
    public String backend;

    @Param({"1", "64"})
    public int batchSize;

    @Param({"slipway", "jdbc"})
    public String impl;

    private Backend.Store store;
    private @Nullable RawTables raw;
    private long next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        store = Backend.of(backend).create("write");
        if (impl.equals("jdbc")) {
            raw = new RawTables(store.raw().open(), store.tablePrefix(), backend.equals("postgres"));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (raw != null) {
            raw.close();
        }
        store.close();
    }

    @Benchmark
    public void writeBatch() throws SQLException {
        long first = next;
        next += batchSize;
        Timestamp ts = Timestamp.of(next);
        if (raw != null) {
            byte[][] encodings = new byte[batchSize][];
            for (int i = 0; i < batchSize; i++) {
                encodings[i] = RawTables.encoded(first + i);
            }
            raw.insert(first, encodings, ts.nanos());
            return;
        }
        List<DocumentLogEntry> documents = new ArrayList<>(batchSize);
        List<IndexEntry> entries = new ArrayList<>(batchSize);
        for (long n = first; n < next; n++) {
            documents.add(Workload.revision(n, ts));
            entries.add(Workload.indexEntry(n, ts));
        }
        store.persistence().write(documents, entries, ConflictStrategy.ERROR);
    }
}
