package dev.slipway.control;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.sqlite.SqlitePersistence;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract over a real SQLite file, as the server keeps it in {@code <data>/control.sqlite3}. */
class SqliteControlPlaneTest extends AbstractControlPlaneContractTest {
    @TempDir
    Path dir;

    @Override
    Persistence createStore() {
        return SqlitePersistence.open(dir.resolve("control.sqlite3"));
    }

    @Override
    Persistence reopen(Persistence store) {
        store.close();
        return SqlitePersistence.open(((SqlitePersistence) store).file());
    }
}
