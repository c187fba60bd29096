package dev.slipway.database;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** {@link AbstractQuerySemanticsTest} over PostgreSQL, one schema per seed, all dropped at the end. */
@Tag("postgres")
class PostgresQuerySemanticsTest extends AbstractQuerySemanticsTest {
    private static final RealStores.Postgres STORES = new RealStores.Postgres();

    @Override
    protected TestStores.StoreFactory stores() {
        return STORES;
    }

    @AfterAll
    static void dropSchemas() {
        STORES.dropAll();
    }
}
