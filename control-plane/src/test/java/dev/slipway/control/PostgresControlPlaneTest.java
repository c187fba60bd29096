package dev.slipway.control;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;

/**
 * The contract over a real PostgreSQL server: {@code SLIPWAY_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}) as {@code SLIPWAY_TEST_PG_USER} (default {@code postgres}),
 * in a fresh schema per test that is dropped afterwards, as the server keeps the control plane in
 * schema {@code slipway_control}. An unreachable server fails the tests; they never skip.
 */
@Tag("postgres")
class PostgresControlPlaneTest extends AbstractControlPlaneContractTest {
    private PostgresOptions options = options();

    @Override
    Persistence createStore() {
        options = options();
        return PostgresPersistence.open(options);
    }

    @Override
    Persistence reopen(Persistence store) {
        store.close();
        return PostgresPersistence.open(((PostgresPersistence) store).options());
    }

    @Override
    void dropStore() {
        PostgresPersistence.open(options).drop();
    }

    private static PostgresOptions options() {
        String schema = "slipway_control_test_" + ProcessHandle.current().pid() + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        PostgresOptions.Builder builder = PostgresOptions.builder()
                .jdbcUrl(setting("URL").orElse("jdbc:postgresql://127.0.0.1:5432/test"))
                .user(setting("USER").orElse("postgres"))
                .schema(schema)
                .poolSize(4);
        setting("PASSWORD").ifPresent(builder::password);
        return builder.build();
    }

    private static Optional<String> setting(String name) {
        return Optional.ofNullable(System.getenv("SLIPWAY_TEST_PG_" + name)).filter(v -> !v.isEmpty());
    }
}
