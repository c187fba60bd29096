package dev.slipway.application;

import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's own settings that belong with its data (so a restart or another node applies
 * them): one document per setting in {@code _settings}, {@code {name, value}}, index {@code
 * by_name}. Today: {@value #PINNED_RETENTION_MS}, the retention of pinned versions.
 */
final class StoredSettings {
    static final String TABLE = "_settings";
    static final String BY_NAME = "by_name";
    /** How long a retired code version stays pinned, in ms ({@link PinnedVersions#retention()}). */
    static final String PINNED_RETENTION_MS = "pinnedRetentionMs";

    private StoredSettings() {}

    static List<SystemIndexes.Spec> indexes() {
        return List.of(new SystemIndexes.Spec(TABLE, BY_NAME, List.of("name")));
    }

    /** The value of setting {@code name}, if it was ever set. */
    static Optional<Value> read(Transaction tx, String name) {
        return document(tx, name).map(doc -> doc.fields().get("value"));
    }

    /** Sets {@code name} to {@code value}, replacing an earlier value. */
    static void write(Transaction tx, String name, Value value) {
        Value.Obj doc = Value.Obj.of(Map.of("name", new Value.Str(name), "value", value));
        document(tx, name).ifPresentOrElse(old -> tx.replace(ScheduledJobs.id(old), doc), () -> tx.insert(TABLE, doc));
    }

    private static Optional<Value.Obj> document(Transaction tx, String name) {
        if (tx.catalog().index(TABLE, BY_NAME).isEmpty()) {
            return Optional.empty();
        }
        QueryStream stream = SystemQueries.equal(tx, TABLE, BY_NAME, Map.of("name", new Value.Str(name)));
        return stream.hasNext() ? Optional.of(stream.next()) : Optional.empty();
    }
}
