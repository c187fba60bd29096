package dev.slipway.persistence.postgres;

import dev.slipway.persistence.AbstractPersistenceContractTest;
import dev.slipway.persistence.Persistence;
import org.junit.jupiter.api.Tag;

/** The persistence contract on PostgreSQL: each store name is a schema on the test server. */
@Tag("postgres")
class PostgresPersistenceContractTest extends AbstractPersistenceContractTest {
    @Override
    protected Persistence openStore(String name) {
        return PostgresTestServer.open(name);
    }

    /** Fewer than the kit's default: every write waits for a WAL flush, and the build shares two cores. */
    @Override
    protected int randomizedOperations() {
        return 400;
    }
}
