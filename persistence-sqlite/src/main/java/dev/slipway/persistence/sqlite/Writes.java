package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every write of the SPI: a batch of revisions and index entries in one {@code BEGIN IMMEDIATE}
 * transaction (prepared-statement batches, the largest timestamp raised in the same transaction),
 * and globals.
 *
 * <p>With {@link ConflictStrategy#ERROR} a revision or entry that already exists violates a primary
 * key and the whole batch is rolled back. Which one it was is worked out only then, against the
 * committed data and the batch itself, so that the message can name it.
 */
final class Writes {

    private static final String INSERT_DOCUMENT =
            "INSERT INTO documents" + " (table_id, id, ts, value, deleted, prev_ts) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    private static final String REPLACE_DOCUMENT = "INSERT OR REPLACE INTO documents"
            + " (table_id, id, ts, value, deleted, prev_ts) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    private static final String INSERT_ENTRY = "INSERT INTO indexes"
            + " (index_id, key, ts, deleted, table_id, document_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    private static final String REPLACE_ENTRY = "INSERT OR REPLACE INTO indexes"
            + " (index_id, key, ts, deleted, table_id, document_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    private static final String RAISE_MAX_TS =
            "UPDATE slipway_meta SET max_ts = max(coalesce(max_ts, -1), ?1) WHERE id = 1";
    private static final String DOCUMENT_EXISTS = "SELECT 1 FROM documents WHERE table_id = ?1 AND id = ?2 AND ts = ?3";
    private static final String ENTRY_EXISTS = "SELECT 1 FROM indexes WHERE index_id = ?1 AND key = ?2 AND ts = ?3";
    private static final String WRITE_GLOBAL = "INSERT INTO globals (key, value) VALUES (?1, ?2)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    private final String store;
    private final SingleWriter writer;

    Writes(String store, SingleWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    void write(List<DocumentLogEntry> documents, List<IndexEntry> entries, ConflictStrategy conflict) {
        Supplier<String> doing = () -> "writing a batch of " + documents.size() + " document revision(s) and "
                + entries.size() + " index entr" + (entries.size() == 1 ? "y" : "ies");
        writer.inTransaction(doing, s -> {
            try {
                insertDocuments(s, documents, conflict);
                insertEntries(s, entries, conflict);
            } catch (SQLException e) {
                if (!SqliteErrors.isDuplicate(e)) {
                    throw e;
                }
                s.rollback();
                throw SqliteErrors.duplicate(store, doing.get(), duplicate(s, documents, entries), e);
            }
            raiseMaxTimestamp(s, documents, entries);
            return true;
        });
    }

    void writeGlobal(String key, String value) {
        writer.inTransaction(() -> "writing global " + key, s -> {
            PreparedStatement upsert = s.prepared(WRITE_GLOBAL);
            upsert.setString(1, key);
            upsert.setString(2, value);
            upsert.executeUpdate();
            return true;
        });
    }

    private static void insertDocuments(SqliteSession s, List<DocumentLogEntry> documents, ConflictStrategy conflict)
            throws SQLException {
        if (documents.isEmpty()) {
            return;
        }
        PreparedStatement insert = s.prepared(conflict == ConflictStrategy.ERROR ? INSERT_DOCUMENT : REPLACE_DOCUMENT);
        for (DocumentLogEntry doc : documents) {
            Rows.bindDocument(insert, doc);
            insert.addBatch();
        }
        executeBatch(insert);
    }

    private static void insertEntries(SqliteSession s, List<IndexEntry> entries, ConflictStrategy conflict)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        PreparedStatement insert = s.prepared(conflict == ConflictStrategy.ERROR ? INSERT_ENTRY : REPLACE_ENTRY);
        for (IndexEntry entry : entries) {
            Rows.bindIndexEntry(insert, entry);
            insert.addBatch();
        }
        executeBatch(insert);
    }

    private static void executeBatch(PreparedStatement insert) throws SQLException {
        try {
            insert.executeBatch();
        } finally {
            insert.clearBatch();
        }
    }

    private static void raiseMaxTimestamp(SqliteSession s, List<DocumentLogEntry> documents, List<IndexEntry> entries)
            throws SQLException {
        Optional<Timestamp> max = java.util.stream.Stream.concat(
                        documents.stream().map(DocumentLogEntry::ts),
                        entries.stream().map(IndexEntry::ts))
                .max(Timestamp::compareTo);
        if (max.isPresent()) {
            PreparedStatement raise = s.prepared(RAISE_MAX_TS);
            raise.setLong(1, max.get().nanos());
            raise.executeUpdate();
        }
    }

    /** Names the first revision or entry of the batch that already existed, or that the batch repeats. */
    private static String duplicate(SqliteSession s, List<DocumentLogEntry> documents, List<IndexEntry> entries)
            throws SQLException {
        Set<RevisionKey> seenDocuments = new HashSet<>();
        for (DocumentLogEntry doc : documents) {
            if (!seenDocuments.add(new RevisionKey(doc.id(), doc.ts())) || documentExists(s, doc)) {
                return "document " + doc.id() + " already has a revision at ts "
                        + doc.ts().nanos();
            }
        }
        Set<EntryKey> seenEntries = new HashSet<>();
        for (IndexEntry entry : entries) {
            if (!seenEntries.add(new EntryKey(entry.indexId(), entry.key(), entry.ts())) || entryExists(s, entry)) {
                return "index " + HexFormat.of().formatHex(entry.indexId().id().bytes()) + " already has an entry for "
                        + entry.key() + " at ts " + entry.ts().nanos();
            }
        }
        return "a revision or index entry already exists";
    }

    private static boolean documentExists(SqliteSession s, DocumentLogEntry doc) throws SQLException {
        PreparedStatement query = s.prepared(DOCUMENT_EXISTS);
        Rows.bindId(query, 1, doc.id());
        query.setLong(3, doc.ts().nanos());
        try (ResultSet row = query.executeQuery()) {
            return row.next();
        }
    }

    private static boolean entryExists(SqliteSession s, IndexEntry entry) throws SQLException {
        PreparedStatement query = s.prepared(ENTRY_EXISTS);
        query.setBytes(1, entry.indexId().id().bytes());
        query.setBytes(2, entry.key().bytes());
        query.setLong(3, entry.ts().nanos());
        try (ResultSet row = query.executeQuery()) {
            return row.next();
        }
    }

    /** The identity of an index entry, which a batch must not repeat. */
    private record EntryKey(IndexId index, IndexKey key, Timestamp ts) {}
}
