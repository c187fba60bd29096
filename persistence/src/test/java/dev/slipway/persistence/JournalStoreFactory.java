package dev.slipway.persistence;

import java.nio.file.Path;

/** Opens a {@link JournalPersistence}; the address is the journal file's path. */
public final class JournalStoreFactory implements StoreFactory {
    @Override
    public Persistence open(String address) {
        return JournalPersistence.open(Path.of(address));
    }
}
