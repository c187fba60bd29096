package dev.slipway.benchmarks;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Timestamp;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
 * An index range scan of 100 rows from a random start key, in a table of {@code tableSize}
 * documents, at the latest timestamp. {@code slipway} uses {@code Persistence.scan} (newest revision
 * per key, tombstones hidden, documents joined); {@code jdbc} runs the equivalent hand-written query
 * on {@link RawTables}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IndexScanBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class IndexScanBenchmark {
    private static final int ROWS = 100;
    private static final int LOAD_BATCH = 1000;

    @Param({"sqlite", "postgres"})
    public String backend;

    @Param({"10000", "1000000"})
    public int tableSize;

    @Param({"slipway", "jdbc"})
    public String impl;

    private Backend.Store store;
    private @Nullable RawTables raw;
    private final SplittableRandom random = new SplittableRandom(42);
    private Timestamp readTs = Timestamp.MIN;

    @Setup(Level.Trial)
    public void load() throws SQLException {
        store = Backend.of(backend).create("scan");
        if (impl.equals("jdbc")) {
            raw = new RawTables(store.raw().open(), store.tablePrefix(), backend.equals("postgres"));
        }
        for (long first = 0; first < tableSize; first += LOAD_BATCH) {
            readTs = Timestamp.of(first + LOAD_BATCH);
            if (raw != null) {
                byte[][] encodings = new byte[LOAD_BATCH][];
                for (int i = 0; i < LOAD_BATCH; i++) {
                    encodings[i] = RawTables.encoded(first + i);
                }
                raw.insert(first, encodings, readTs.nanos());
            } else {
                loadSlipway(first, readTs);
            }
        }
        if (raw != null) {
            raw.analyze();
        }
    }

    private void loadSlipway(long first, Timestamp ts) {
        List<DocumentLogEntry> documents = new ArrayList<>(LOAD_BATCH);
        List<IndexEntry> entries = new ArrayList<>(LOAD_BATCH);
        for (long n = first; n < first + LOAD_BATCH; n++) {
            documents.add(Workload.revision(n, ts));
            entries.add(Workload.indexEntry(n, ts));
        }
        store.persistence().write(documents, entries, ConflictStrategy.ERROR);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (raw != null) {
            raw.close();
        }
        store.close();
    }

    @Benchmark
    public long scan100() throws SQLException {
        long start = random.nextLong(tableSize - ROWS);
        if (raw != null) {
            return raw.scan(Workload.key(start), readTs.nanos(), ROWS);
        }
        IndexPage page = store.persistence()
                .scan(Workload.INDEX, new KeyRange(Workload.key(start), Optional.empty()), readTs, Order.ASC, ROWS);
        if (page.rows().size() != ROWS) {
            throw new IllegalStateException(
                    "expected " + ROWS + " rows, got " + page.rows().size());
        }
        return page.rows().size();
    }
}
