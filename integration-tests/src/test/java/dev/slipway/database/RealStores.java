package dev.slipway.database;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Store factories for the database suites over real backends: a SQLite file per store, and a
 * PostgreSQL schema per store at {@code SLIPWAY_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code SLIPWAY_TEST_PG_USER} or {@code postgres}). An
 * unreachable server fails the suite; it never skips.
 */
final class RealStores {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid());

    private RealStores() {}

    /** A factory making a new SQLite file in {@code dir} for every store. */
    static TestStores.StoreFactory sqlite(Path dir) {
        return new TestStores.StoreFactory() {
            @Override
            public Persistence create() {
                return SqlitePersistence.open(dir.resolve("db-" + COUNTER.incrementAndGet() + ".sqlite3"));
            }

            @Override
            public Persistence reopen(Persistence store) {
                store.close();
                return SqlitePersistence.open(((SqlitePersistence) store).file());
            }
        };
    }

    /** PostgreSQL schemas, one per store; {@link #dropAll()} removes every schema it made. */
    static final class Postgres implements TestStores.StoreFactory {
        private final List<PostgresOptions> created = new ArrayList<>();

        @Override
        public synchronized Persistence create() {
            PostgresOptions options = PostgresOptions.builder()
                    .jdbcUrl(setting("URL", "jdbc:postgresql://127.0.0.1:5432/test"))
                    .user(setting("USER", "postgres"))
                    .schema("dep_dbtest_" + RUN + "_" + COUNTER.incrementAndGet())
                    .build();
            created.add(options);
            return PostgresPersistence.open(options);
        }

        @Override
        public Persistence reopen(Persistence store) {
            store.close();
            return PostgresPersistence.open(((PostgresPersistence) store).options());
        }

        synchronized void dropAll() {
            for (PostgresOptions options : created) {
                PostgresPersistence.open(options).drop();
            }
            created.clear();
        }

        private static String setting(String name, String fallback) {
            return Optional.ofNullable(System.getenv("SLIPWAY_TEST_PG_" + name)).orElse(fallback);
        }
    }
}
