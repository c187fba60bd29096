package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.AbstractPersistenceContractTest;
import dev.slipway.persistence.Persistence;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The persistence contract on SQLite files with the shipped defaults ({@code synchronous=FULL}). */
class SqlitePersistenceContractTest extends AbstractPersistenceContractTest {

    @TempDir
    Path dir;

    @Override
    protected Persistence openStore(String name) {
        return SqlitePersistence.open(dir.resolve(name).resolve("db.sqlite3"), SqliteOptions.defaults());
    }
}
