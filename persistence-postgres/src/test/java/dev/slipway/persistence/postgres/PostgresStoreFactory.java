package dev.slipway.persistence.postgres;

import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.StoreFactory;

/**
 * Opens a store on the test server ({@link PostgresTestServer}); the address is the schema name. The
 * durability kit instantiates it by name in a child JVM, which inherits the test's environment and
 * {@code slipway.*} system properties, so both reach the same server.
 */
public final class PostgresStoreFactory implements StoreFactory {
    @Override
    public Persistence open(String address) {
        return PostgresTestServer.open(address);
    }
}
