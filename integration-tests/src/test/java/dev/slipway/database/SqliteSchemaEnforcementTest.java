package dev.slipway.database;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link AbstractSchemaEnforcementTest} over a real SQLite file per test. */
class SqliteSchemaEnforcementTest extends AbstractSchemaEnforcementTest {
    @TempDir
    static Path dir;

    @Override
    protected TestStores.StoreFactory stores() {
        return RealStores.sqlite(dir);
    }
}
