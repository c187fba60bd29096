package dev.slipway.control;

import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.Transaction;
import dev.slipway.value.Value;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Brings a control-plane store to the schema this code knows: reads the highest applied version
 * from the {@code migrations} table, refuses a store whose version is newer than the newest
 * migration here, and applies the missing ones in order, each in its own transaction that also
 * records it. Two servers opening the same store (PostgreSQL) at once conflict on that table, and the
 * retry of the second finds the migration applied and skips it.
 */
final class Migrations {
    /** Every migration, in order; the last one's version is the schema version of this code. */
    static final List<Migration> ALL = List.of(Tables.V1);

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    private Migrations() {}

    /**
     * Applies {@code migrations} to {@code store} as needed.
     *
     * @throws ControlPlaneException {@code IncompatibleStore} when the store's version is newer
     * @throws IllegalArgumentException when the versions are not 1, 2, 3, ...
     */
    static void apply(Store store, List<Migration> migrations, Clock clock, String storeName) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration versions must be 1, 2, 3, ...; found "
                        + migrations.get(i).version() + " at position " + (i + 1));
            }
        }
        int known = migrations.size();
        int stored = store.read(Migrations::storedVersion);
        if (stored > known) {
            throw new ControlPlaneException(
                    ControlPlaneException.Kind.INCOMPATIBLE_STORE,
                    "The control-plane store " + storeName + " has schema version " + stored
                            + ", but this Slipway knows versions up to " + known
                            + "; it was written by a newer Slipway. Run that version (or newer), or restore a"
                            + " backup of the store made with this one");
        }
        for (Migration migration : migrations.subList(stored, known)) {
            boolean applied = store.write(tx -> applyOne(tx, migration, clock));
            if (applied) {
                awaitBackfills(store.database());
                LOG.log(
                        Level.INFO,
                        "Control-plane store {0}: applied migration {1} ({2})",
                        storeName,
                        migration.version(),
                        migration.description());
            }
        }
    }

    /** The highest applied version; 0 for a new store. */
    static int storedVersion(Transaction tx) {
        if (tx.catalog().index(Tables.MIGRATIONS, Tables.BY_VERSION).isEmpty()) {
            return 0;
        }
        List<Value.Obj> applied = Store.all(tx, Tables.MIGRATIONS, Tables.BY_VERSION);
        return applied.isEmpty() ? 0 : (int) Codec.int64(applied.getLast(), "version");
    }

    private static boolean applyOne(Transaction tx, Migration migration, Clock clock) {
        if (tx.catalog().index(Tables.MIGRATIONS, Tables.BY_VERSION).isEmpty()) {
            tx.createIndex(Tables.MIGRATIONS, Tables.BY_VERSION, List.of("version"));
        }
        if (storedVersion(tx) >= migration.version()) {
            return false; // another process applied it first
        }
        migration.apply().accept(tx);
        tx.insert(
                Tables.MIGRATIONS,
                Value.Obj.of(Map.of(
                        "version", new Value.Int64(migration.version()),
                        "description", new Value.Str(migration.description()),
                        "appliedAt", Codec.millis(clock.instant()))));
        return true;
    }

    private static void awaitBackfills(Database db) {
        for (Catalog.Index index : db.catalog().backfilling()) {
            db.awaitIndexReady(index.id()).join();
        }
    }
}
