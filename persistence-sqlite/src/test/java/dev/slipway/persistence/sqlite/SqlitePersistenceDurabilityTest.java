package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.AbstractPersistenceDurabilityTest;
import dev.slipway.persistence.StoreFactory;
import java.nio.file.Path;

/** Crash durability of a SQLite store with {@code synchronous=FULL}: SIGKILL never loses an acknowledged batch. */
class SqlitePersistenceDurabilityTest extends AbstractPersistenceDurabilityTest {

    @Override
    protected Class<? extends StoreFactory> storeFactory() {
        return SqliteStoreFactory.class;
    }

    @Override
    protected String newStoreAddress(Path dir) {
        return dir.resolve("deployments")
                .resolve("durability")
                .resolve("db.sqlite3")
                .toString();
    }
}
