package dev.slipway.database;

import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Persistence;

/** The database suite over {@link MemoryPersistence}. */
class MemoryDatabaseTest extends AbstractDatabaseTest {
    static final TestStores.StoreFactory MEMORY = new TestStores.StoreFactory() {
        @Override
        public Persistence create() {
            return MemoryPersistence.create("database-test");
        }

        @Override
        public Persistence reopen(Persistence store) {
            store.close();
            return ((MemoryPersistence) store).reopen();
        }
    };

    @Override
    protected TestStores.StoreFactory stores() {
        return MEMORY;
    }
}
