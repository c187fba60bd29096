package dev.slipway.persistence.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables of one store in its schema, format version {@value #FORMAT_VERSION}, and how a schema
 * is checked (and, when new or empty, created) on open.
 *
 * <pre>
 * slipway_meta(key text PK, value text)              format_version, created_by
 * documents(table_id int, id bytea, ts bigint,       every document revision; value is the UTF-8
 *           value bytea NULL, deleted bool,          Convex-JSON of the document, NULL for a
 *           prev_ts bigint NULL)                     tombstone
 *   PK (table_id, id, ts); documents_by_ts (ts, table_id, id) for the log and retention
 * indexes(index_id bytea, key_prefix bytea,          every index entry revision; the key is split,
 *         key_sha256 bytea, key_suffix bytea NULL,   see SplitKey
 *         ts bigint, deleted bool, table_id int, document_id bytea)
 *   PK (index_id, key_prefix, key_sha256, ts); indexes_by_ts (ts, index_id, key_prefix, key_sha256)
 * globals(key text PK, value bytea)                  UTF-8 values
 * retention(one row)                                 how far retention has looked, per table
 * </pre>
 *
 * <p>Opening runs in one READ COMMITTED transaction under an advisory lock on the schema's name, so
 * two processes opening the same new schema do not race. Nothing is written unless the schema is missing or
 * empty: a schema with a newer format version is {@code StoreTooNew}, one with other tables (or
 * without {@code slipway_meta}) is {@code StoreForeign}, and both are left exactly as they were.
 */
final class StoreSchema {
    /** The format this code writes and reads. */
    static final int FORMAT_VERSION = 1;

    static final String META = "slipway_meta";
    private static final Set<String> TABLES = Set.of(META, "documents", "indexes", "globals", "retention");

    private final String schema;
    private final String quoted;
    private final String store;

    StoreSchema(String schema, String store) {
        this.schema = PostgresOptions.checkSchema(schema);
        this.quoted = '"' + schema + '"';
        this.store = store;
    }

    /** {@code "schema".table}, for SQL text. */
    static String qualified(String schema, String table) {
        return '"' + PostgresOptions.checkSchema(schema) + "\"." + table;
    }

    /** What {@link #open} found. */
    enum Outcome {
        CREATED,
        OPENED
    }

    /** Checks the schema and creates the store in it when it is missing or empty. */
    Outcome open(Connection c) throws SQLException {
        // Each statement must see what others committed while this one waited for the lock.
        PostgresConnections.readCommitted(c);
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "slipway store " + schema);
            lock.execute();
        }
        if (!schemaExists(c)) {
            execute(
                    c,
                    List.of(
                            "CREATE SCHEMA " + quoted,
                            "COMMENT ON SCHEMA " + quoted + " IS 'A Slipway deployment store (persistence-postgres)'"));
            create(c);
            return Outcome.CREATED;
        }
        Set<String> relations = relations(c);
        if (relations.isEmpty()) {
            create(c);
            return Outcome.CREATED;
        }
        check(c, relations);
        return Outcome.OPENED;
    }

    private void check(Connection c, Set<String> relations) throws SQLException {
        if (!relations.contains(META)) {
            throw PostgresErrors.foreign(store, "it holds " + describe(relations) + " but no table " + META);
        }
        int version = formatVersion(c);
        if (version > FORMAT_VERSION) {
            throw PostgresErrors.tooNew(store, version, FORMAT_VERSION);
        }
        Set<String> foreign = new TreeSet<>(relations);
        foreign.removeAll(TABLES);
        if (!foreign.isEmpty()) {
            throw PostgresErrors.foreign(store, "it also holds " + describe(foreign));
        }
        if (version < FORMAT_VERSION) {
            throw PostgresErrors.corrupt(store, "format version " + version + " was never written by Slipway");
        }
        Set<String> missing = new TreeSet<>(TABLES);
        missing.removeAll(relations);
        if (!missing.isEmpty()) {
            throw PostgresErrors.corrupt(store, "tables " + missing + " are missing");
        }
    }

    private int formatVersion(Connection c) throws SQLException {
        Optional<String> text;
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT value FROM " + quoted + "." + META + " WHERE key = 'format_version'")) {
            text = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw PostgresErrors.foreign(store, "its table " + META + " is not Slipway's (" + e.getMessage() + ")");
        }
        if (text.isEmpty()) {
            throw PostgresErrors.foreign(store, "its table " + META + " records no format_version");
        }
        try {
            return Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw PostgresErrors.foreign(
                    store, "its table " + META + " records format_version \"" + text.get() + "\", not a number");
        }
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Tables, views, sequences and foreign tables in the schema (indexes belong to their tables). */
    private Set<String> relations(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String describe(Set<String> relations) {
        List<String> shown = new ArrayList<>(relations).subList(0, Math.min(5, relations.size()));
        return (relations.size() == 1 ? "relation " : "relations ")
                + String.join(", ", shown)
                + (relations.size() > shown.size() ? " and " + (relations.size() - shown.size()) + " more" : "");
    }

    private void create(Connection c) throws SQLException {
        String s = quoted + ".";
        execute(
                c,
                List.of(
                        "COMMENT ON SCHEMA " + quoted + " IS 'A Slipway deployment store (persistence-postgres)'",
                        "CREATE TABLE " + s + META + " (key text PRIMARY KEY, value text NOT NULL)",
                        "CREATE TABLE " + s
                                + "documents (table_id integer NOT NULL, id bytea NOT NULL, ts bigint NOT NULL,"
                                + " value bytea, deleted boolean NOT NULL, prev_ts bigint,"
                                + " PRIMARY KEY (table_id, id, ts), CHECK (deleted = (value IS NULL)))",
                        "CREATE INDEX documents_by_ts ON " + s + "documents (ts, table_id, id)",
                        "CREATE TABLE " + s + "indexes (index_id bytea NOT NULL, key_prefix bytea NOT NULL,"
                                + " key_sha256 bytea NOT NULL, key_suffix bytea, ts bigint NOT NULL, deleted boolean NOT NULL,"
                                + " table_id integer NOT NULL, document_id bytea NOT NULL,"
                                + " PRIMARY KEY (index_id, key_prefix, key_sha256, ts))",
                        "CREATE INDEX indexes_by_ts ON " + s + "indexes (ts, index_id, key_prefix, key_sha256)",
                        "CREATE TABLE " + s + "globals (key text PRIMARY KEY, value bytea NOT NULL)",
                        "CREATE TABLE " + s + "retention (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),"
                                + " documents_ts bigint NOT NULL, documents_table_id integer NOT NULL,"
                                + " documents_id bytea NOT NULL, indexes_ts bigint NOT NULL, indexes_index_id bytea NOT NULL,"
                                + " indexes_key_prefix bytea NOT NULL, indexes_key_sha256 bytea NOT NULL)",
                        "INSERT INTO " + s + "retention VALUES (true, -1, 0, '', -1, '', '', '')",
                        "INSERT INTO " + s + META + " VALUES ('format_version', '" + FORMAT_VERSION
                                + "'), ('created_by', 'slipway persistence-postgres')"));
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.addBatch(sql);
            }
            s.executeBatch();
        }
    }
}
