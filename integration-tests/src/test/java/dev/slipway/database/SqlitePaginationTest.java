package dev.slipway.database;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link AbstractPaginationTest} over a real SQLite file per test. */
class SqlitePaginationTest extends AbstractPaginationTest {
    @TempDir
    static Path dir;

    @Override
    protected TestStores.StoreFactory stores() {
        return RealStores.sqlite(dir);
    }
}
