package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.StoreFactory;
import java.nio.file.Path;

/** Opens a SQLite store from its file path, with the default options ({@code synchronous=FULL}). */
public final class SqliteStoreFactory implements StoreFactory {

    public SqliteStoreFactory() {}

    @Override
    public Persistence open(String address) {
        return SqlitePersistence.open(Path.of(address), SqliteOptions.defaults());
    }
}
