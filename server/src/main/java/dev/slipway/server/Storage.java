package dev.slipway.server;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.postgres.PostgresOptions;
import dev.slipway.persistence.postgres.PostgresPersistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server keeps its data: the choice of persistence backend, and the one place that opens its
 * stores. Every store of a server lives on the same backend: each deployment's ({@link
 * #openDeployment}) and the control plane's ({@link #openControlPlane}), so a server on PostgreSQL
 * keeps nothing but its files ({@code owner.token}, admin keys, {@code deployments.json}) on disk.
 */
public sealed interface Storage {

    /** One SQLite file per deployment under the data directory (the default). */
    record Sqlite() implements Storage {}

    /**
     * PostgreSQL, one schema per deployment ({@code dep_<name>}, or {@code dph_<name>} for a
     * hyphenated name, see {@link PostgresOptions#deploymentSchema}) and one for the control plane.
     *
     * @param url {@code postgres://user[:password]@host[:port]/database} or a {@code
     *     jdbc:postgresql://host[:port]/database?user=...} URL
     * @param controlSchema the schema of the control plane, {@code slipway_control} unless told
     *     otherwise: only servers that share one database (tests) need different ones, since the
     *     control plane decides which deployments a server serves
     */
    record Postgres(String url, String controlSchema) implements Storage {
        public Postgres {
            PostgresUrl.parse(Objects.requireNonNull(url, "url"));
            try {
                PostgresOptions.checkSchema(Objects.requireNonNull(controlSchema, "controlSchema"));
            } catch (IllegalArgumentException e) {
                throw new ServerException(ServerException.BAD_CONFIG, "the control plane's schema: " + e.getMessage());
            }
        }

        /** PostgreSQL at {@code url}, with the control plane in schema {@code slipway_control}. */
        public Postgres(String url) {
            this(url, ControlPlaneHost.POSTGRES_SCHEMA);
        }

        @Override
        public String toString() {
            return "Postgres[" + PostgresUrl.parse(url).display() + "]";
        }
    }

    static Storage sqlite() {
        return new Sqlite();
    }

    static Storage postgres(String url) {
        return new Postgres(url);
    }

    /** PostgreSQL at {@code url} with the control plane in {@code controlSchema} (see {@link Postgres}). */
    static Storage postgres(String url, String controlSchema) {
        return new Postgres(url, controlSchema);
    }

    /**
     * Opens (creating it if needed) a store on this backend: the SQLite file {@code sqliteFile}, or
     * the PostgreSQL schema {@code postgresSchema}; the other argument is ignored.
     */
    default Persistence open(Path sqliteFile, String postgresSchema) {
        return switch (this) {
            case Sqlite s -> SqlitePersistence.open(sqliteFile);
            case Postgres p -> {
                PostgresUrl url = PostgresUrl.parse(p.url());
                PostgresOptions.Builder options = PostgresOptions.builder()
                        .jdbcUrl(url.jdbcUrl())
                        .user(url.user())
                        .schema(postgresSchema);
                url.password().ifPresent(options::password);
                yield PostgresPersistence.open(options.build());
            }
        };
    }

    /**
     * The store of deployment {@code name}: {@code <dir>/data.sqlite3}, or its own PostgreSQL schema.
     *
     * @param dir the deployment's directory under the data directory
     */
    default Persistence openDeployment(String name, Path dir) {
        return open(dir.resolve("data.sqlite3"), PostgresOptions.deploymentSchema(name));
    }

    /**
     * The control plane's store: {@code <data>/control.sqlite3}, or the schema of {@link
     * Postgres#controlSchema}.
     */
    default Persistence openControlPlane(Path data) {
        return open(
                data.resolve(ControlPlaneHost.SQLITE_FILE),
                this instanceof Postgres p ? p.controlSchema() : ControlPlaneHost.POSTGRES_SCHEMA);
    }
}
