package dev.slipway.persistence.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The on-disk format of a Slipway SQLite store, and how an existing file is recognised.
 *
 * <p>A store is marked in the SQLite header: {@code PRAGMA application_id} is {@link
 * #APPLICATION_ID} ("SLPW") and {@code PRAGMA user_version} is the format version. Both are written
 * in the same transaction that creates the tables, so a file either is a complete store or carries
 * no mark. A file is only ever inspected through a read-only connection, so that a foreign, damaged
 * or too new file is left exactly as it was.
 *
 * <p>Format 1 tables (all {@code STRICT}):
 *
 * <ul>
 *   <li>{@code documents(table_id, id, ts, value, deleted, prev_ts)}: every revision, keyed by
 *       {@code (table_id, id, ts)}; {@code value} is the Convex-JSON text of the document, NULL for a
 *       tombstone. {@code documents_by_ts} orders the log for {@code loadDocuments} and retention.
 *   <li>{@code indexes(index_id, key, ts, deleted, table_id, document_id)}: every index entry, keyed by
 *       {@code (index_id, key, ts)}; {@code indexes_by_ts} serves retention.
 *   <li>{@code globals(key, value)}: the SPI's globals.
 *   <li>{@code slipway_meta}: one row with the largest timestamp ever written and the retention
 *       cursors (see {@link Retention}).
 * </ul>
 */
final class StoreFormat {

    /** "SLPW": marks a SQLite file as a Slipway store. */
    static final int APPLICATION_ID = 0x534C5057;

    /** The format this code writes and reads. */
    static final int VERSION = 1;

    private static final List<String> TABLES = List.of("documents", "indexes", "globals", "slipway_meta");

    private static final List<String> CREATE = List.of(
            """
            CREATE TABLE documents (
                table_id INTEGER NOT NULL,
                id BLOB NOT NULL,
                ts INTEGER NOT NULL,
                value TEXT,
                deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                prev_ts INTEGER,
                PRIMARY KEY (table_id, id, ts)
            ) STRICT, WITHOUT ROWID""",
            "CREATE INDEX documents_by_ts ON documents (ts, table_id, id)",
            """
            CREATE TABLE indexes (
                index_id BLOB NOT NULL,
                key BLOB NOT NULL,
                ts INTEGER NOT NULL,
                deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                table_id INTEGER NOT NULL,
                document_id BLOB NOT NULL,
                PRIMARY KEY (index_id, key, ts)
            ) STRICT, WITHOUT ROWID""",
            "CREATE INDEX indexes_by_ts ON indexes (ts, index_id, key)",
            "CREATE TABLE globals (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT, WITHOUT ROWID",
            """
            CREATE TABLE slipway_meta (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                max_ts INTEGER,
                gc_documents_ts INTEGER NOT NULL,
                gc_documents_k1 ANY NOT NULL,
                gc_documents_k2 ANY NOT NULL,
                gc_indexes_ts INTEGER NOT NULL,
                gc_indexes_k1 ANY NOT NULL,
                gc_indexes_k2 ANY NOT NULL
            ) STRICT""",
            "INSERT INTO slipway_meta VALUES (1, NULL, -1, 0, x'', -1, x'', x'')",
            "PRAGMA application_id = " + APPLICATION_ID,
            "PRAGMA user_version = " + VERSION);

    private StoreFormat() {}

    /** What an existing SQLite file holds. */
    sealed interface State {
        /** No tables and no mark: a new store may be created in it. */
        record Empty() implements State {}

        /** A complete store of {@link #VERSION}. */
        record Current() implements State {}

        /** A store of a newer format. */
        record TooNew(int version) implements State {}

        /** Marked as a store, but incomplete or of an impossible version. */
        record Damaged(String detail) implements State {}

        /** Some other SQLite database; {@code found} describes it. */
        record Foreign(String found) implements State {}
    }

    /** Reads the header mark and the schema's objects; changes nothing. */
    static State inspect(SqliteSession session) throws SQLException {
        int applicationId = pragma(session, "application_id");
        int version = pragma(session, "user_version");
        List<SchemaObject> objects = schemaObjects(session);
        if (applicationId == APPLICATION_ID) {
            return ours(version, objects);
        }
        if (applicationId == 0 && version == 0 && objects.isEmpty()) {
            return new State.Empty();
        }
        return new State.Foreign(describe(applicationId, version, objects));
    }

    /** Creates the tables and writes the mark; the caller runs it in a write transaction. */
    static void create(SqliteSession session) throws SQLException {
        for (String statement : CREATE) {
            session.execute(statement);
        }
    }

    private static State ours(int version, List<SchemaObject> objects) {
        if (version > VERSION) {
            return new State.TooNew(version);
        }
        if (version < 1) {
            return new State.Damaged("its header marks it as a Slipway store but holds no format version");
        }
        List<String> tables = objects.stream()
                .filter(o -> o.type().equals("table"))
                .map(SchemaObject::name)
                .toList();
        List<String> missing = TABLES.stream().filter(t -> !tables.contains(t)).toList();
        return missing.isEmpty()
                ? new State.Current()
                : new State.Damaged(
                        "it is marked as a Slipway store of format " + version + " but lacks the tables " + missing);
    }

    private static int pragma(SqliteSession session, String name) throws SQLException {
        String text = session.queryText("PRAGMA " + name).orElse("0");
        return Integer.parseInt(text);
    }

    /** A table, index, view or trigger of the schema. */
    private record SchemaObject(String type, String name) {
        @Override
        public String toString() {
            return type + " " + name;
        }
    }

    /** The schema's objects, except SQLite's own ({@code sqlite_*}). */
    private static List<SchemaObject> schemaObjects(SqliteSession session) throws SQLException {
        PreparedStatement query = session.prepared("SELECT type, name FROM sqlite_schema"
                + " WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY type <> 'table', type, name");
        List<SchemaObject> objects = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                objects.add(new SchemaObject(rows.getString(1), rows.getString(2)));
            }
        }
        return objects;
    }

    private static String describe(int applicationId, int version, List<SchemaObject> objects) {
        List<String> shown =
                objects.stream().limit(10).map(SchemaObject::toString).toList();
        String found = objects.isEmpty()
                ? "no tables"
                : String.join(", ", shown)
                        + (objects.size() > shown.size() ? ", ... (" + objects.size() + " objects)" : "");
        return String.format(
                Locale.ROOT,
                "%s (application_id 0x%s, user_version %d)",
                found,
                HexFormat.of().toHexDigits(applicationId),
                version);
    }
}
