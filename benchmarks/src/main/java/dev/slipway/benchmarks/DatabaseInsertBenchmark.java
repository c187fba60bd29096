package dev.slipway.benchmarks;

import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.Transaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-insert transactions from 32 concurrent writers: each operation begins a transaction,
 * inserts one chat message of about 120 bytes and commits durably. {@code slipway} goes through
 * {@link Database} (whose committer can group concurrent commits into one persistence write);
 * {@code jdbc} is the {@link RawTables} baseline on the same backend with the same durability, each
 * thread on its own connection, one transaction per row.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DatabaseInsertBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(32)
@Fork(1)
public class DatabaseInsertBenchmark {
    static final String TABLE = "messages";

    /** The store and database all writers share. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"sqlite", "postgres"})
        public String backend;

        @Param({"slipway", "jdbc"})
        public String impl;

        private Backend.Store store;
        private @Nullable Database database;
        private final AtomicLong next = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws SQLException {
            store = Backend.of(backend).create("insert");
            if (impl.equals("jdbc")) {
                new RawTables(store.raw().open(), store.tablePrefix(), postgres()).close();
                return;
            }
            Database db = Database.open(
                    store.persistence(),
                    DatabaseOptions.builder()
                            .retentionScheduler(Optional.empty())
                            .build());
            database = db;
            // Create the table up front, so the measured transactions only insert.
            Transaction tx = db.begin();
            tx.insert(TABLE, Workload.document(-1));
            tx.commit();
        }

        @TearDown(Level.Trial)
        public void close() {
            if (database != null) {
                database.close();
            }
            store.close();
        }

        private boolean postgres() {
            return backend.equals("postgres");
        }

        /** A writer's own baseline connection; SQLite writers wait for the write lock as long as it takes. */
        RawTables rawWriter() throws SQLException {
            Connection connection = store.raw().open();
            if (!postgres()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA busy_timeout=600000");
                }
            }
            return new RawTables(connection, store.tablePrefix(), postgres(), false);
        }
    }

    /** One writer thread's baseline connection (jdbc only). */
    @State(Scope.Thread)
    public static class Writer {
        private @Nullable RawTables raw;

        @Setup(Level.Trial)
        public void open(Shared shared) throws SQLException {
            if (shared.impl.equals("jdbc")) {
                raw = shared.rawWriter();
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            if (raw != null) {
                raw.close();
            }
        }
    }

    @Benchmark
    public long insertOne(Shared shared, Writer writer) throws SQLException {
        long n = shared.next.getAndIncrement();
        RawTables raw = writer.raw;
        if (raw != null) {
            raw.insertOne(n, RawTables.encoded(n), n + 1);
            return n;
        }
        Database db = shared.database;
        if (db == null) {
            throw new IllegalStateException("slipway benchmark without a database");
        }
        Transaction tx = db.begin();
        tx.insert(TABLE, Workload.document(n));
        return tx.commit().nanos();
    }
}
