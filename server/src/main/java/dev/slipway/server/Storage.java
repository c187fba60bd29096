package dev.slipway.server;

import java.util.Objects;

/** Where deployments keep their data: the choice of persistence backend. */
public sealed interface Storage {

    /** One SQLite file per deployment under the data directory (the default). */
    record Sqlite() implements Storage {}

    /**
     * PostgreSQL, one schema per deployment ({@code dep_<name>}).
     *
     * @param url {@code postgres://user[:password]@host[:port]/database} or a {@code
     *     jdbc:postgresql://host[:port]/database?user=...} URL
     */
    record Postgres(String url) implements Storage {
        public Postgres {
            PostgresUrl.parse(Objects.requireNonNull(url, "url"));
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
}
