package dev.slipway.database;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The database suite over a real SQLite file per test. */
class SqliteDatabaseTest extends AbstractDatabaseTest {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path dir;

    @Override
    protected TestStores.StoreFactory stores() {
        return new TestStores.StoreFactory() {
            @Override
            public Persistence create() {
                return SqlitePersistence.open(dir.resolve("db-" + FILES.incrementAndGet() + ".sqlite3"));
            }

            @Override
            public Persistence reopen(Persistence store) {
                store.close();
                return SqlitePersistence.open(((SqlitePersistence) store).file());
            }
        };
    }
}
