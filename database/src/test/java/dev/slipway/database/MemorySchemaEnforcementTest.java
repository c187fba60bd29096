package dev.slipway.database;

/** The {@link AbstractSchemaEnforcementTest} suite over the memory store. */
class MemorySchemaEnforcementTest extends AbstractSchemaEnforcementTest {
    @Override
    protected TestStores.StoreFactory stores() {
        return MemoryDatabaseTest.MEMORY;
    }
}
