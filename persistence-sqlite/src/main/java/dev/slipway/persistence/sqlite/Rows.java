package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the SPI's records map to table rows: binding them to statements and reading them back. A row
 * that cannot be read back (bad JSON, an id of the wrong length, a revision older than the one it
 * claims to replace) means a damaged store.
 */
final class Rows {
    private Rows() {}

    /**
     * Binds a document revision to parameters {@code 1..6}: {@code table_id, id, ts, value, deleted,
     * prev_ts}.
     */
    static void bindDocument(PreparedStatement statement, DocumentLogEntry doc) throws SQLException {
        statement.setInt(1, doc.id().tableNumber());
        statement.setBytes(2, doc.id().internalId().bytes());
        statement.setLong(3, doc.ts().nanos());
        if (doc.value().isPresent()) {
            statement.setString(4, ConvexJson.encode(doc.value().get()));
        } else {
            statement.setNull(4, Types.VARCHAR);
        }
        statement.setInt(5, doc.deleted() ? 1 : 0);
        if (doc.prevTs().isPresent()) {
            statement.setLong(6, doc.prevTs().get().nanos());
        } else {
            statement.setNull(6, Types.BIGINT);
        }
    }

    /**
     * Binds an index entry to parameters {@code 1..6}: {@code index_id, key, ts, deleted, table_id,
     * document_id}.
     */
    static void bindIndexEntry(PreparedStatement statement, IndexEntry entry) throws SQLException {
        statement.setBytes(1, entry.indexId().id().bytes());
        statement.setBytes(2, entry.key().bytes());
        statement.setLong(3, entry.ts().nanos());
        statement.setInt(4, entry.deleted() ? 1 : 0);
        statement.setInt(5, entry.documentId().tableNumber());
        statement.setBytes(6, entry.documentId().internalId().bytes());
    }

    /** Binds a document id to parameters {@code first} and {@code first + 1}: {@code table_id, id}. */
    static void bindId(PreparedStatement statement, int first, DocumentId id) throws SQLException {
        statement.setInt(first, id.tableNumber());
        statement.setBytes(first + 1, id.internalId().bytes());
    }

    /**
     * Reads a document revision from the current row, whose columns from {@code first} on are
     * {@code table_id, id, ts, value, deleted, prev_ts}.
     */
    static DocumentLogEntry document(String store, ResultSet row, int first) throws SQLException {
        int table = row.getInt(first);
        byte @Nullable [] id = row.getBytes(first + 1);
        long ts = row.getLong(first + 2);
        DocumentId documentId;
        try {
            documentId = documentId(table, id);
        } catch (RuntimeException e) {
            throw SqliteErrors.corruptRow(store, describe(table, id, ts), e);
        }
        return document(store, documentId, ts, row, first + 3);
    }

    /**
     * Reads a revision of {@code id} at {@code ts} from the current row, whose columns from {@code
     * first} on are {@code value, deleted, prev_ts}.
     */
    static DocumentLogEntry document(String store, DocumentId id, long ts, ResultSet row, int first)
            throws SQLException {
        @Nullable String json = row.getString(first);
        boolean deleted = row.getInt(first + 1) != 0;
        long prev = row.getLong(first + 2);
        Optional<Timestamp> prevTs = row.wasNull() ? Optional.empty() : Optional.of(Timestamp.of(prev));
        try {
            Optional<Value.Obj> value = deleted ? Optional.empty() : Optional.of(object(json));
            return new DocumentLogEntry(id, Timestamp.of(ts), value, prevTs);
        } catch (RuntimeException e) {
            throw SqliteErrors.corruptRow(store, "the revision of " + id + " at ts " + ts, e);
        }
    }

    /** The document id stored as {@code table_id, id}; fails as a damaged store if it is not one. */
    static DocumentId storedId(String store, int table, byte @Nullable [] id) {
        try {
            return documentId(table, id);
        } catch (RuntimeException e) {
            throw SqliteErrors.corruptRow(store, "a reference to table " + table + " id " + hex(id), e);
        }
    }

    /** The document id stored as {@code table_id, id}. */
    static DocumentId documentId(int table, byte @Nullable [] id) {
        if (id == null) {
            throw new IllegalArgumentException("the id is NULL");
        }
        return new DocumentId(table, new InternalId(id));
    }

    private static Value.Obj object(@Nullable String json) {
        if (json == null) {
            throw new IllegalArgumentException("a live revision has no value");
        }
        if (!(ConvexJson.decode(json) instanceof Value.Obj obj)) {
            throw new IllegalArgumentException("its value is not an object");
        }
        return obj;
    }

    private static String hex(byte @Nullable [] bytes) {
        return bytes == null ? "NULL" : HexFormat.of().formatHex(bytes);
    }

    private static String describe(int table, byte @Nullable [] id, long ts) {
        return "the revision of table " + table + " id " + hex(id) + " at ts " + ts;
    }
}
