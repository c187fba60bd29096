package dev.slipway.persistence;

/**
 * Opens a store of one backend from a plain string, so that a child JVM can open the same store as
 * the test that started it ({@link DurabilityWriter}, {@link AbstractPersistenceDurabilityTest}).
 *
 * <p>What a backend provides: a public class with a public no-arg constructor (for example {@code
 * SqliteStoreFactory}) on its test class path. The child JVM inherits the environment and every
 * system property whose name starts with {@code slipway.}, so connection settings may come from
 * either.
 */
public interface StoreFactory {

    /**
     * Opens the store at {@code address}, creating it empty if it does not exist. The address is
     * whatever {@link AbstractPersistenceDurabilityTest#newStoreAddress} returned: a file path, a
     * schema name, …
     */
    Persistence open(String address);
}
