package dev.slipway.database;

/** The {@link AbstractQuerySemanticsTest} suite over the memory store. */
class MemoryQuerySemanticsTest extends AbstractQuerySemanticsTest {
    @Override
    protected TestStores.StoreFactory stores() {
        return MemoryDatabaseTest.MEMORY;
    }
}
