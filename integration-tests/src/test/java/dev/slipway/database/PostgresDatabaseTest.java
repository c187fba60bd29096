package dev.slipway.database;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** {@link AbstractDatabaseTest} over PostgreSQL, one schema per test, all dropped at the end. */
@Tag("postgres")
class PostgresDatabaseTest extends AbstractDatabaseTest {
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
