package dev.slipway.database;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link AbstractQuerySemanticsTest} over a real SQLite file per seed. */
class SqliteQuerySemanticsTest extends AbstractQuerySemanticsTest {
    @TempDir
    static Path dir;

    @Override
    protected TestStores.StoreFactory stores() {
        return RealStores.sqlite(dir);
    }
}
