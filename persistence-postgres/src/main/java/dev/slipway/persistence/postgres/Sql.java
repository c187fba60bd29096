package dev.slipway.persistence.postgres;

import dev.slipway.persistence.ConflictStrategy;

/**
 * The statements of {@link PostgresPersistence} for one schema (scans and retention have their own
 * in {@link IndexScan} and {@link Retention}). The schema name is checked and quoted; every value is
 * a parameter.
 */
final class Sql {
    private final String schema;
    private final String documents;
    private final String indexes;
    private final String globals;
    private final String retention;

    Sql(String schema) {
        this.schema = PostgresOptions.checkSchema(schema);
        this.documents = StoreSchema.qualified(schema, "documents");
        this.indexes = StoreSchema.qualified(schema, "indexes");
        this.globals = StoreSchema.qualified(schema, "globals");
        this.retention = StoreSchema.qualified(schema, "retention");
    }

    /** Parameters: {@code table_id, id, ts, value, deleted, prev_ts}. */
    String insertDocument(ConflictStrategy conflict) {
        String insert = "INSERT INTO " + documents + " (table_id, id, ts, value, deleted, prev_ts)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        return switch (conflict) {
            case ERROR -> insert;
            case OVERWRITE ->
                insert + " ON CONFLICT (table_id, id, ts) DO UPDATE SET value = EXCLUDED.value,"
                        + " deleted = EXCLUDED.deleted, prev_ts = EXCLUDED.prev_ts";
        };
    }

    /** Parameters: {@code index_id, key_prefix, key_sha256, key_suffix, ts, deleted, table_id, document_id}. */
    String insertIndexEntry(ConflictStrategy conflict) {
        String insert = "INSERT INTO " + indexes
                + " (index_id, key_prefix, key_sha256, key_suffix, ts, deleted, table_id, document_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        return switch (conflict) {
            case ERROR -> insert;
            case OVERWRITE ->
                insert + " ON CONFLICT (index_id, key_prefix, key_sha256, ts) DO UPDATE SET"
                        + " key_suffix = EXCLUDED.key_suffix, deleted = EXCLUDED.deleted,"
                        + " table_id = EXCLUDED.table_id, document_id = EXCLUDED.document_id";
        };
    }

    /** Parameters: {@code table_id, id, read ts}; columns: a revision. */
    String get() {
        return "SELECT table_id, id, ts, value, prev_ts FROM " + documents
                + " WHERE table_id = ? AND id = ? AND ts <= ? ORDER BY ts DESC LIMIT 1";
    }

    /**
     * Parameters: {@code from ts, to ts, after ts, after table_id, after id, limit}; columns: a
     * revision. With no cursor, {@code after} is {@code (-1, 0, '')}, before every revision.
     */
    String loadDocuments() {
        return "SELECT table_id, id, ts, value, prev_ts FROM " + documents
                + " WHERE ts >= ? AND ts < ? AND (ts, table_id, id) > (?, ?, ?)"
                + " ORDER BY ts, table_id, id LIMIT ?";
    }

    /** Parameters: arrays of {@code table_id, id, ts}; columns: the 1-based key position, a revision. */
    String previousRevisions() {
        return "SELECT k.position, d.table_id, d.id, d.ts, d.value, d.prev_ts"
                + " FROM unnest(?::int4[], ?::bytea[], ?::int8[]) WITH ORDINALITY AS k(table_id, id, ts, position)"
                + " CROSS JOIN LATERAL (SELECT table_id, id, ts, value, prev_ts FROM " + documents + " p"
                + " WHERE p.table_id = k.table_id AND p.id = k.id AND p.ts < k.ts ORDER BY p.ts DESC LIMIT 1) d";
    }

    /**
     * The largest timestamp written: of the revisions still there and of how far retention got (it
     * may have deleted the newest tombstone). Negative or {@code NULL} for a new store.
     */
    String maxTimestamp() {
        return "SELECT GREATEST((SELECT max(ts) FROM " + documents + "), (SELECT max(ts) FROM " + indexes
                + "), (SELECT GREATEST(documents_ts, indexes_ts) FROM " + retention + "))";
    }

    String global() {
        return "SELECT value FROM " + globals + " WHERE key = ?";
    }

    String writeGlobal() {
        return "INSERT INTO " + globals + " (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value";
    }

    String dropSchema() {
        return "DROP SCHEMA \"" + schema + "\" CASCADE";
    }
}
