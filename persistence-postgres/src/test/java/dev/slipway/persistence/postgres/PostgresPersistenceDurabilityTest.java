package dev.slipway.persistence.postgres;

import dev.slipway.persistence.AbstractPersistenceDurabilityTest;
import dev.slipway.persistence.StoreFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Acknowledged batches survive a SIGKILL of the writing process (the server keeps running; that a
 * commit survives a server crash rests on {@code synchronous_commit = on}).
 */
@Tag("postgres")
class PostgresPersistenceDurabilityTest extends AbstractPersistenceDurabilityTest {
    @Override
    protected Class<? extends StoreFactory> storeFactory() {
        return PostgresStoreFactory.class;
    }

    @Override
    protected String newStoreAddress(Path dir) {
        return PostgresTestServer.freshSchema("dur");
    }
}
