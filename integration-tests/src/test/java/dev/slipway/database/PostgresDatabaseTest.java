package dev.slipway.database;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The database suite over PostgreSQL at {@code SLIPWAY_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code SLIPWAY_TEST_PG_USER} or {@code postgres}), one
 * schema per test, all dropped at the end. An unreachable server fails the suite; it never skips.
 */
@Tag("postgres")
class PostgresDatabaseTest extends AbstractDatabaseTest {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final List<PostgresOptions> CREATED = new ArrayList<>();
    private static final String RUN = Long.toString(ProcessHandle.current().pid());

    @Override
    protected TestStores.StoreFactory stores() {
        return new TestStores.StoreFactory() {
            @Override
            public Persistence create() {
                PostgresOptions options = options("dep_dbtest_" + RUN + "_" + SCHEMAS.incrementAndGet());
                synchronized (CREATED) {
                    CREATED.add(options);
                }
                return PostgresPersistence.open(options);
            }

            @Override
            public Persistence reopen(Persistence store) {
                store.close();
                return PostgresPersistence.open(((PostgresPersistence) store).options());
            }
        };
    }

    @AfterAll
    static void dropSchemas() {
        synchronized (CREATED) {
            for (PostgresOptions options : CREATED) {
                PostgresPersistence.open(options).drop();
            }
            CREATED.clear();
        }
    }

    private static PostgresOptions options(String schema) {
        return PostgresOptions.builder()
                .jdbcUrl(setting("URL", "jdbc:postgresql://127.0.0.1:5432/test"))
                .user(setting("USER", "postgres"))
                .schema(schema)
                .build();
    }

    private static String setting(String name, String fallback) {
        return Optional.ofNullable(System.getenv("SLIPWAY_TEST_PG_" + name)).orElse(fallback);
    }
}
