package dev.slipway.database;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** {@link AbstractSchemaEnforcementTest} over PostgreSQL, one schema per test, all dropped at the end. */
@Tag("postgres")
class PostgresSchemaEnforcementTest extends AbstractSchemaEnforcementTest {
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
