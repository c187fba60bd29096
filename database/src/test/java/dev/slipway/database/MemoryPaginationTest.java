package dev.slipway.database;

/** The {@link AbstractPaginationTest} suite over the memory store. */
class MemoryPaginationTest extends AbstractPaginationTest {
    @Override
    protected TestStores.StoreFactory stores() {
        return MemoryDatabaseTest.MEMORY;
    }
}
