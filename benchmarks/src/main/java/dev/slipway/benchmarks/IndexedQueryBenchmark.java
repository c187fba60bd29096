package dev.slipway.benchmarks;

import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
 * An indexed query through {@link Database}: {@code withIndex("by_thread", q => q.eq("thread", t))}
 * on a table of {@code tableSize} chat messages where every thread has {@value #MATCHES} messages
 * (spread over the table, not adjacent), so each query returns {@value #MATCHES} documents. The
 * table is loaded through the database, {@value #LOAD_BATCH} inserts per transaction. The number to
 * watch is how little the latency grows from 10k to 1M documents.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IndexedQueryBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class IndexedQueryBenchmark {
    static final String TABLE = "messages";
    static final int MATCHES = 10;
    private static final int LOAD_BATCH = 1000;

    @Param({"sqlite", "postgres"})
    public String backend;

    @Param({"10000", "1000000"})
    public int tableSize;

    private Backend.Store store;
    private Database database;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void load() {
        if (tableSize % MATCHES != 0 || tableSize % LOAD_BATCH != 0) {
            throw new IllegalArgumentException("tableSize must be a multiple of " + LOAD_BATCH + ": " + tableSize);
        }
        store = Backend.of(backend).create("query");
        database = Database.open(
                store.persistence(),
                DatabaseOptions.builder().retentionScheduler(Optional.empty()).build());
        Transaction create = database.begin();
        create.createIndex(TABLE, "by_thread", List.of("thread"));
        create.commit();
        for (long first = 0; first < tableSize; first += LOAD_BATCH) {
            Transaction tx = database.begin();
            for (long n = first; n < first + LOAD_BATCH; n++) {
                tx.insert(TABLE, document(n));
            }
            tx.commit();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        database.close();
        store.close();
    }

    private int threads() {
        return tableSize / MATCHES;
    }

    /** Message {@code n}, in thread {@code n % threads}. */
    private Value.Obj document(long n) {
        TreeMap<String, Value> fields = new TreeMap<>(Workload.document(n).fields());
        fields.put("thread", new Value.Str(thread(n % threads())));
        return new Value.Obj(fields);
    }

    private static String thread(long t) {
        return "thread-" + t;
    }

    static SerializedQuery byThread(String thread) {
        return SerializedQuery.parse("{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"" + TABLE
                + ".by_thread\",\"order\":\"asc\",\"range\":[{\"type\":\"Eq\",\"fieldPath\":\"thread\",\"value\":\""
                + thread + "\"}]},\"operators\":[]}");
    }

    @Benchmark
    public int query10() {
        SerializedQuery query = byThread(thread(random.nextLong(threads())));
        Transaction tx = database.begin();
        int count = 0;
        QueryStream stream = tx.query(query);
        while (stream.hasNext()) {
            stream.next();
            count++;
        }
        tx.abort();
        if (count != MATCHES) {
            throw new IllegalStateException("expected " + MATCHES + " documents, got " + count);
        }
        return count;
    }
}
