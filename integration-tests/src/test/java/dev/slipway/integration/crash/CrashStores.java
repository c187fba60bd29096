package dev.slipway.integration.crash;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the store that a crash test and its child process share, named by a kind ({@code sqlite} or
 * {@code postgres}) and an address (a file path or a schema name). PostgreSQL settings come from the
 * environment, which the child inherits: {@code SLIPWAY_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}) and {@code SLIPWAY_TEST_PG_USER} (default {@code postgres}).
 */
final class CrashStores {
    static final String SQLITE = "sqlite";
    static final String POSTGRES = "postgres";

    private CrashStores() {}

    static Persistence open(String kind, String address) {
        return switch (kind) {
            case SQLITE -> SqlitePersistence.open(Path.of(address));
            case POSTGRES -> PostgresPersistence.open(postgresOptions(address));
            default ->
                throw new IllegalArgumentException("unknown store kind '" + kind + "'; expected sqlite or postgres");
        };
    }

    static PostgresOptions postgresOptions(String schema) {
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
