package dev.slipway.server;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;

/**
 * The control API on a PostgreSQL control store, as the server keeps it in schema {@code
 * slipway_control}: here a fresh schema per test on the test server ({@code SLIPWAY_TEST_PG_URL},
 * else the local one), dropped afterwards. An unreachable server fails the tests; they never skip.
 */
@Tag("postgres")
class ControlApiPostgresTest extends ControlApiContract {
    private final PostgresOptions options = options();

    @Override
    Persistence createStore() {
        return PostgresPersistence.open(options);
    }

    @Override
    Persistence reopenStore() {
        return PostgresPersistence.open(options);
    }

    @Override
    void dropStore() {
        PostgresPersistence.open(options).drop();
    }

    private static PostgresOptions options() {
        String env = System.getenv("SLIPWAY_TEST_PG_URL");
        PostgresUrl url = PostgresUrl.parse(
                env == null || env.isEmpty() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : env);
        String schema = ControlPlaneHost.POSTGRES_SCHEMA + "_test_"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        PostgresOptions.Builder builder = PostgresOptions.builder()
                .jdbcUrl(url.jdbcUrl())
                .user(url.user())
                .schema(schema)
                .poolSize(4);
        url.password().ifPresent(builder::password);
        return builder.build();
    }
}
