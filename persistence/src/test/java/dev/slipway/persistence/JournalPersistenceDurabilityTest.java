package dev.slipway.persistence;

import java.nio.file.Path;

/** Runs the durability kit on the toy {@link JournalPersistence}, which checks the kit itself. */
class JournalPersistenceDurabilityTest extends AbstractPersistenceDurabilityTest {
    @Override
    protected Class<? extends StoreFactory> storeFactory() {
        return JournalStoreFactory.class;
    }

    @Override
    protected String newStoreAddress(Path dir) {
        return dir.resolve("journal.log").toString();
    }
}
