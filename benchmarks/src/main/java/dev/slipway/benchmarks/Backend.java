package dev.slipway.benchmarks;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.persistence.sqlite.SqliteOptions;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A persistence backend as the benchmarks see it: a fresh Slipway store, and a raw JDBC connection to
 * the very same tables with the same durability settings, so both sides of a comparison write and read
 * identical rows in identical tables.
 *
 * <p>PostgreSQL is reached at {@code SLIPWAY_BENCH_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}) as {@code SLIPWAY_BENCH_PG_USER} (default {@code
 * postgres}).
 */
enum Backend {
    SQLITE {
        @Override
        Store create(String name) {
            Path dir = tempDir();
            Path file = dir.resolve(name + ".sqlite3");
            SqlitePersistence store = SqlitePersistence.open(file, SqliteOptions.defaults());
            Path raw = dir.resolve(name + "-raw.sqlite3");
            return new Store(store, () -> sqliteConnection(raw), "", () -> deleteTree(dir));
        }
    },
    POSTGRES {
        @Override
        Store create(String name) {
            String schema = "dep_bench_" + name.toLowerCase(Locale.ROOT) + "_" + COUNTER.incrementAndGet();
            PostgresPersistence store = PostgresPersistence.open(PostgresOptions.builder()
                    .jdbcUrl(PG_URL)
                    .user(PG_USER)
                    .schema(schema)
                    .build());
            String rawSchema = "raw_" + schema;
            return new Store(store, () -> postgresConnection(rawSchema), rawSchema + ".", () -> {
                try (Connection c = postgresConnection(rawSchema);
                        Statement statement = c.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS " + rawSchema + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot drop benchmark schema " + rawSchema, e);
                }
            });
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PG_URL =
            Optional.ofNullable(System.getenv("SLIPWAY_BENCH_PG_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER =
            Optional.ofNullable(System.getenv("SLIPWAY_BENCH_PG_USER")).orElse("postgres");

    /** Opens a fresh, empty store named {@code name}. */
    abstract Store create(String name);

    static Backend of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Something that opens a JDBC connection. */
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /**
     * A Slipway store, and a raw JDBC baseline beside it: its own file or schema (named by {@code
     * tablePrefix} in SQL) with the same durability settings, where {@link RawTables} keeps the
     * plain table layout of docs/ARCHITECTURE.md. {@link #close()} drops both.
     */
    record Store(Persistence persistence, ConnectionSource raw, String tablePrefix, Runnable cleanup)
            implements AutoCloseable {
        @Override
        public void close() {
            persistence.drop();
            cleanup.run();
        }
    }

    /** The same pragmas as SqlitePersistence's defaults: WAL, synchronous=FULL. PostgreSQL's defaults already match. */
    private static Connection sqliteConnection(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA busy_timeout=5000");
        }
        return connection;
    }

    private static Connection postgresConnection(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        return connection;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("slipway-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
