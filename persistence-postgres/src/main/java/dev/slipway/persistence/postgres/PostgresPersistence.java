package dev.slipway.persistence.postgres;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Persistence} in one PostgreSQL schema: one deployment's store, reached through a pool of
 * connections. The tables are described in {@link StoreSchema}.
 *
 * <p>Implementation notes. A write batch is one transaction of batched inserts ({@code ON CONFLICT
 * DO UPDATE} when overwriting), and every connection runs with {@code synchronous_commit = on}, so
 * {@link #write} returns only once the batch is durable. Reads of one statement run on their own;
 * reads of several (scans, large {@link #previousRevisions}) run in one read-only REPEATABLE READ
 * transaction, so they see one snapshot. Document values are stored as Convex-JSON bytes (never
 * {@code jsonb}, which would reorder keys). {@link #maxTimestamp} also counts how far retention
 * got, so deleting the newest tombstone never lowers it. Every method is thread-safe; after {@link
 * #close} or {@link #drop} they fail with {@code StoreClosed}.
 */
public final class PostgresPersistence implements Persistence {
    private static final System.Logger LOG = System.getLogger(PostgresPersistence.class.getName());
    private static final int KEYS_PER_STATEMENT = 500;

    private final PostgresOptions options;
    private final PostgresConnections connections;
    private final Sql sql;
    private final IndexScan indexScan;
    private final Retention retention;

    private PostgresPersistence(PostgresOptions options, PostgresConnections connections) {
        this.options = options;
        this.connections = connections;
        this.sql = new Sql(options.schema());
        this.indexScan = new IndexScan(options.schema(), options.describe());
        this.retention = new Retention(options.schema());
    }

    /**
     * Opens the store in {@code options.schema()}, creating the schema and its tables if the schema
     * is missing or empty.
     *
     * @throws dev.slipway.persistence.PersistenceException {@code StoreUnreachable} when the server
     *     cannot be reached or refuses the login (after one attempt bounded by the connect timeout);
     *     {@code StoreTooNew} when the schema was written by a newer Slipway; {@code StoreForeign}
     *     when it holds other tables. In the last two cases nothing is changed.
     */
    public static PostgresPersistence open(PostgresOptions options) {
        PostgresConnections connections = PostgresConnections.open(options);
        try {
            StoreSchema.Outcome outcome = connections.transaction(
                    "open the store", c -> new StoreSchema(options.schema(), options.describe()).open(c));
            LOG.log(
                    Level.INFO,
                    "{0} store {1} (format version {2}, {3} connections)",
                    outcome == StoreSchema.Outcome.CREATED ? "Created" : "Opened",
                    options.describe(),
                    StoreSchema.FORMAT_VERSION,
                    options.poolSize());
            return new PostgresPersistence(options, connections);
        } catch (RuntimeException | Error e) {
            connections.close();
            throw e;
        }
    }

    /** The options this store was opened with. */
    public PostgresOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return options.describe();
    }

    @Override
    public void write(List<DocumentLogEntry> documents, List<IndexEntry> indexEntries, ConflictStrategy conflict) {
        Collection<DocumentLogEntry> docs =
                conflict == ConflictStrategy.OVERWRITE ? lastPerRevision(documents) : documents;
        Collection<IndexEntry> entries =
                conflict == ConflictStrategy.OVERWRITE ? lastPerEntry(indexEntries) : indexEntries;
        String operation =
                "write a batch of " + docs.size() + " document revisions and " + entries.size() + " index entries";
        connections.transaction(operation, c -> {
            insertDocuments(c, docs, conflict);
            insertEntries(c, entries, conflict);
            return true;
        });
    }

    private void insertDocuments(Connection c, Collection<DocumentLogEntry> docs, ConflictStrategy conflict)
            throws SQLException {
        if (docs.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(sql.insertDocument(conflict))) {
            for (DocumentLogEntry doc : docs) {
                StoredDocuments.bind(insert, 1, doc);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertEntries(Connection c, Collection<IndexEntry> entries, ConflictStrategy conflict)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(sql.insertIndexEntry(conflict))) {
            for (IndexEntry entry : entries) {
                SplitKey key = SplitKey.of(entry.key());
                insert.setBytes(1, entry.indexId().id().bytes());
                insert.setBytes(2, key.prefix());
                insert.setBytes(3, key.hash());
                insert.setBytes(4, key.suffix());
                insert.setLong(5, entry.ts().nanos());
                insert.setBoolean(6, entry.deleted());
                insert.setInt(7, entry.documentId().tableNumber());
                insert.setBytes(8, entry.documentId().internalId().bytes());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** One batch may name a revision twice; overwriting keeps the last (one row cannot be upserted twice). */
    private static Collection<DocumentLogEntry> lastPerRevision(List<DocumentLogEntry> documents) {
        Map<RevisionKey, DocumentLogEntry> last = new LinkedHashMap<>();
        documents.forEach(d -> last.put(new RevisionKey(d.id(), d.ts()), d));
        return last.values();
    }

    private record EntryKey(IndexId index, IndexKey key, Timestamp ts) {}

    private static Collection<IndexEntry> lastPerEntry(List<IndexEntry> entries) {
        Map<EntryKey, IndexEntry> last = new LinkedHashMap<>();
        entries.forEach(e -> last.put(new EntryKey(e.indexId(), e.key(), e.ts()), e));
        return last.values();
    }

    @Override
    public Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return connections.single("read document " + id + " at " + readTs.nanos(), c -> {
            try (PreparedStatement s = c.prepareStatement(sql.get())) {
                s.setInt(1, id.tableNumber());
                s.setBytes(2, id.internalId().bytes());
                s.setLong(3, readTs.nanos());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(StoredDocuments.read(rs, 1, describe()))
                                    .filter(d -> !d.deleted())
                            : Optional.<DocumentLogEntry>empty();
                }
            }
        });
    }

    @Override
    public IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        requirePositive(limit);
        return connections.snapshot(
                "scan index " + index.id() + " at " + readTs.nanos(),
                c -> indexScan.scan(c, index, range, readTs, order, limit));
    }

    @Override
    public List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        requirePositive(limit);
        return connections.single(
                "load the document log from " + fromInclusive.nanos() + " to " + toExclusive.nanos(), c -> {
                    try (PreparedStatement s = c.prepareStatement(sql.loadDocuments())) {
                        s.setLong(1, fromInclusive.nanos());
                        s.setLong(2, toExclusive.nanos());
                        s.setLong(3, after.map(a -> a.ts().nanos()).orElse(-1L));
                        s.setInt(4, after.map(a -> a.id().tableNumber()).orElse(0));
                        s.setBytes(
                                5, after.map(a -> a.id().internalId().bytes()).orElse(new byte[0]));
                        s.setInt(6, limit);
                        return readDocuments(s);
                    }
                });
    }

    private List<DocumentLogEntry> readDocuments(PreparedStatement s) throws SQLException {
        List<DocumentLogEntry> result = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(StoredDocuments.read(rs, 1, describe()));
            }
        }
        return result;
    }

    @Override
    public Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        List<RevisionKey> all = List.copyOf(keys);
        if (all.isEmpty()) {
            return Map.of();
        }
        String operation = "read the previous revisions of " + all.size() + " documents";
        PostgresConnections.Work<Map<RevisionKey, DocumentLogEntry>> work = c -> {
            Map<RevisionKey, DocumentLogEntry> result = new LinkedHashMap<>();
            for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
                previousRevisions(c, all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT)), result);
            }
            return result;
        };
        return all.size() <= KEYS_PER_STATEMENT
                ? connections.single(operation, work)
                : connections.snapshot(operation, work);
    }

    private void previousRevisions(Connection c, List<RevisionKey> keys, Map<RevisionKey, DocumentLogEntry> result)
            throws SQLException {
        Integer[] tables = new Integer[keys.size()];
        byte[][] ids = new byte[keys.size()][];
        Long[] timestamps = new Long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            tables[i] = keys.get(i).id().tableNumber();
            ids[i] = keys.get(i).id().internalId().bytes();
            timestamps[i] = keys.get(i).ts().nanos();
        }
        try (PreparedStatement s = c.prepareStatement(sql.previousRevisions())) {
            s.setArray(1, c.createArrayOf("int4", tables));
            s.setArray(2, c.createArrayOf("bytea", ids));
            s.setArray(3, c.createArrayOf("int8", timestamps));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.put(keys.get(Math.toIntExact(rs.getLong(1) - 1)), StoredDocuments.read(rs, 2, describe()));
                }
            }
        }
    }

    @Override
    public Optional<Timestamp> maxTimestamp() {
        return connections.single("read the largest timestamp", c -> {
            try (PreparedStatement s = c.prepareStatement(sql.maxTimestamp());
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() || max < 0 ? Optional.<Timestamp>empty() : Optional.of(Timestamp.of(max));
            }
        });
    }

    @Override
    public Optional<String> global(String key) {
        return connections.single("read global " + key, c -> {
            try (PreparedStatement s = c.prepareStatement(sql.global())) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new String(rs.getBytes(1), StandardCharsets.UTF_8))
                            : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void writeGlobal(String key, String value) {
        connections.single("write global " + key, c -> {
            try (PreparedStatement s = c.prepareStatement(sql.writeGlobal())) {
                s.setString(1, key);
                s.setBytes(2, value.getBytes(StandardCharsets.UTF_8));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        requirePositive(limit);
        RetentionResult result = retention.run(connections, cutoff, limit);
        LOG.log(
                Level.DEBUG,
                "Retention at {0} in {1}: removed {2} document revisions, {3} index entries",
                cutoff.nanos(),
                describe(),
                result.documentRevisionsRemoved(),
                result.indexEntriesRemoved());
        return result;
    }

    @Override
    public void drop() {
        connections.single("drop the store", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql.dropSchema());
            }
        });
        close();
        LOG.log(Level.INFO, "Dropped store {0}", describe());
    }

    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        return "PostgresPersistence[" + describe() + "]";
    }

    private static void requirePositive(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a limit is positive, got " + limit);
        }
    }
}
