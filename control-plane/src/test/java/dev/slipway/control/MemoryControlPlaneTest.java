package dev.slipway.control;

import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Persistence;

/** The contract over the in-memory store. */
class MemoryControlPlaneTest extends AbstractControlPlaneContractTest {
    @Override
    Persistence createStore() {
        return MemoryPersistence.create("control");
    }

    @Override
    Persistence reopen(Persistence store) {
        store.close();
        return ((MemoryPersistence) store).reopen();
    }
}
