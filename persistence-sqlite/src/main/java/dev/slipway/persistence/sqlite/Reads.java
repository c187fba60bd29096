package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every read of the SPI, each one statement or a few in one read transaction on a pooled reader.
 *
 * <p>Index scans use SQLite's "bare column" rule: in a query with exactly one {@code max()}
 * aggregate, the other selected columns come from the row that holds the maximum. {@code GROUP BY
 * key} with {@code max(ts)} over the entries at or before the read timestamp therefore yields, per
 * key, the newest entry and its {@code deleted} flag; {@code HAVING deleted = 0} drops the keys that
 * left the index. SQLite walks the primary key {@code (index_id, key, ts)} in either direction for
 * this (a co-routine, no sort, no temporary table), stops after {@code LIMIT} keys, and joins each
 * to its document revision by primary key.
 */
final class Reads {

    private static final String GET = "SELECT ts, value, deleted, prev_ts FROM documents"
            + " WHERE table_id = ?1 AND id = ?2 AND ts <= ?3 ORDER BY ts DESC LIMIT 1";
    private static final String PREVIOUS = "SELECT ts, value, deleted, prev_ts FROM documents"
            + " WHERE table_id = ?1 AND id = ?2 AND ts < ?3 ORDER BY ts DESC LIMIT 1";
    private static final String LOAD = "SELECT table_id, id, ts, value, deleted, prev_ts FROM documents"
            + " WHERE ts >= ?1 AND ts < ?2 AND (ts, table_id, id) > (?3, ?4, ?5)"
            + " ORDER BY ts, table_id, id LIMIT ?6";
    private static final String MAX_TS = "SELECT max_ts FROM slipway_meta WHERE id = 1";
    private static final String GLOBAL = "SELECT value FROM globals WHERE key = ?1";
    private static final String SCAN_ASC = scanSql("ASC", false);
    private static final String SCAN_ASC_BOUNDED = scanSql("ASC", true);
    private static final String SCAN_DESC = scanSql("DESC", false);
    private static final String SCAN_DESC_BOUNDED = scanSql("DESC", true);

    private final String store;
    private final ReaderPool readers;

    Reads(String store, ReaderPool readers) {
        this.store = store;
        this.readers = readers;
    }

    Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return readers.read(() -> "reading document " + id + " at ts " + readTs.nanos(), s -> {
            PreparedStatement query = s.prepared(GET);
            Rows.bindId(query, 1, id);
            query.setLong(3, readTs.nanos());
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(Rows.document(store, id, row.getLong(1), row, 2))
                                .filter(doc -> !doc.deleted())
                        : Optional.<DocumentLogEntry>empty();
            }
        });
    }

    IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        if (range.isEmpty()) {
            return new IndexPage(List.of(), Optional.empty());
        }
        Supplier<String> doing = () -> "scanning index " + index.id() + " from " + range.start() + " to "
                + range.end().map(IndexKey::toString).orElse("the end") + " " + order + " at ts " + readTs.nanos();
        List<IndexRow> rows = readers.read(doing, s -> {
            PreparedStatement query = s.prepared(scanSql(order, range.end().isPresent()));
            query.setBytes(1, index.id().bytes());
            query.setBytes(2, range.start().bytes());
            query.setLong(3, readTs.nanos());
            query.setInt(4, limit);
            if (range.end().isPresent()) {
                query.setBytes(5, range.end().get().bytes());
            }
            return indexRows(index, query);
        });
        Optional<KeyRange> remaining = rows.size() == limit
                ? Optional.of(range.remainingAfter(rows.getLast().key(), order))
                : Optional.empty();
        return new IndexPage(rows, remaining);
    }

    List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        Supplier<String> doing =
                () -> "loading documents from ts " + fromInclusive.nanos() + " to " + toExclusive.nanos();
        return readers.read(doing, s -> {
            PreparedStatement query = s.prepared(LOAD);
            query.setLong(1, fromInclusive.nanos());
            query.setLong(2, toExclusive.nanos());
            if (after.isPresent()) {
                query.setLong(3, after.get().ts().nanos());
                Rows.bindId(query, 4, after.get().id());
            } else {
                query.setLong(3, -1);
                query.setInt(4, 0);
                query.setBytes(5, new byte[0]);
            }
            query.setInt(6, limit);
            List<DocumentLogEntry> docs = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    docs.add(Rows.document(store, row, 1));
                }
            }
            return docs;
        });
    }

    Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return readers.read(() -> "reading the previous revisions of " + keys.size() + " documents", s -> {
            Map<RevisionKey, DocumentLogEntry> result = new LinkedHashMap<>();
            PreparedStatement query = s.prepared(PREVIOUS);
            for (RevisionKey key : keys) {
                Rows.bindId(query, 1, key.id());
                query.setLong(3, key.ts().nanos());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        result.put(key, Rows.document(store, key.id(), row.getLong(1), row, 2));
                    }
                }
            }
            return result;
        });
    }

    Optional<Timestamp> maxTimestamp() {
        return readers.read(() -> "reading the largest timestamp", s -> {
            try (ResultSet row = s.prepared(MAX_TS).executeQuery()) {
                if (!row.next()) {
                    throw SqliteErrors.corrupt(store, "the table slipway_meta has no row");
                }
                long ts = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(Timestamp.of(ts));
            }
        });
    }

    Optional<String> global(String key) {
        return readers.read(() -> "reading global " + key, s -> {
            PreparedStatement query = s.prepared(GLOBAL);
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        });
    }

    private List<IndexRow> indexRows(IndexId index, PreparedStatement query) throws SQLException {
        List<IndexRow> rows = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                IndexKey key = new IndexKey(row.getBytes(1));
                long ts = row.getLong(2);
                DocumentId id = Rows.storedId(store, row.getInt(3), row.getBytes(4));
                if (row.getObject(6) == null) {
                    throw SqliteErrors.corrupt(store, danglingEntry(index, key, id, ts));
                }
                DocumentLogEntry doc = Rows.document(store, id, ts, row, 5);
                if (doc.deleted()) {
                    throw SqliteErrors.corrupt(store, danglingEntry(index, key, id, ts));
                }
                rows.add(new IndexRow(key, doc));
            }
        }
        return rows;
    }

    private static String danglingEntry(IndexId index, IndexKey key, DocumentId id, long ts) {
        return "the live entry of index " + HexFormat.of().formatHex(index.id().bytes()) + " for " + key + " at ts "
                + ts + " points at no live revision of " + id + " (was it read below a retention cutoff?)";
    }

    private static String scanSql(Order order, boolean bounded) {
        return switch (order) {
            case ASC -> bounded ? SCAN_ASC_BOUNDED : SCAN_ASC;
            case DESC -> bounded ? SCAN_DESC_BOUNDED : SCAN_DESC;
        };
    }

    /** The scan query for one direction, with or without an end key (parameter 5). */
    private static String scanSql(String direction, boolean bounded) {
        return "SELECT g.key, g.ts, g.table_id, g.document_id, d.value, d.deleted, d.prev_ts FROM ("
                + "SELECT key, max(ts) AS ts, deleted, table_id, document_id FROM indexes"
                + " WHERE index_id = ?1 AND key >= ?2" + (bounded ? " AND key < ?5" : "") + " AND ts <= ?3"
                + " GROUP BY key HAVING deleted = 0 ORDER BY key " + direction + " LIMIT ?4) AS g"
                + " LEFT JOIN documents AS d ON d.table_id = g.table_id AND d.id = g.document_id AND d.ts = g.ts"
                + " ORDER BY g.key " + direction;
    }
}
