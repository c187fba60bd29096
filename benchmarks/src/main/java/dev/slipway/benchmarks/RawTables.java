package dev.slipway.benchmarks;

import dev.slipway.persistence.IndexKey;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The raw JDBC baseline: the plain documents/indexes layout written and read with hand-written SQL,
 * one transaction per batch, no Slipway code on the path. Values are encoded once up front, so the
 * baseline pays for SQL only and the ratio charges Slipway for its encoding too.
 */
final class RawTables implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insertDocument;
    private final PreparedStatement insertEntry;
    private final PreparedStatement scan;

    RawTables(Connection connection, String prefix, boolean postgres) throws SQLException {
        this(connection, prefix, postgres, true);
    }

    /**
     * Opens the baseline on {@code connection}; {@code createTables} is false for a second connection
     * to tables another one created (the concurrent writers of {@link DatabaseInsertBenchmark}).
     */
    RawTables(Connection connection, String prefix, boolean postgres, boolean createTables) throws SQLException {
        this.connection = connection;
        if (createTables) {
            createTables(connection, prefix, postgres);
        }
        connection.setAutoCommit(false);
        insertDocument = connection.prepareStatement("INSERT INTO " + prefix
                + "documents (table_id, id, ts, value, deleted, prev_ts) VALUES (?, ?, ?, ?, false, NULL)");
        insertEntry = connection.prepareStatement("INSERT INTO " + prefix
                + "indexes (index_id, key, ts, deleted, table_id, document_id) VALUES (?, ?, ?, false, ?, ?)");
        scan = connection.prepareStatement("SELECT i.key, d.value FROM " + prefix + "indexes i JOIN " + prefix
                + "documents d ON d.table_id = i.table_id AND d.id = i.document_id AND d.ts = i.ts"
                + " WHERE i.index_id = ? AND i.key >= ? AND i.ts <= ? AND NOT i.deleted ORDER BY i.key LIMIT ?");
    }

    private static void createTables(Connection connection, String prefix, boolean postgres) throws SQLException {
        String blob = postgres ? "bytea" : "BLOB";
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + prefix + "documents (table_id integer NOT NULL, id " + blob
                    + " NOT NULL, ts bigint NOT NULL, value " + blob + ", deleted boolean NOT NULL, prev_ts bigint,"
                    + " PRIMARY KEY (table_id, id, ts))");
            statement.execute("CREATE TABLE " + prefix + "indexes (index_id " + blob + " NOT NULL, key " + blob
                    + " NOT NULL, ts bigint NOT NULL, deleted boolean NOT NULL, table_id integer NOT NULL,"
                    + " document_id " + blob + " NOT NULL, PRIMARY KEY (index_id, key, ts))");
        }
    }

    /** The encoded document {@code n}, as the baseline stores it. */
    static byte[] encoded(long n) {
        return ConvexJson.encode(Workload.document(n)).getBytes(StandardCharsets.UTF_8);
    }

    /** Inserts documents {@code first .. first+count-1}, whose encodings are given, at {@code ts}. */
    void insert(long first, byte[][] encodings, long ts) throws SQLException {
        for (int i = 0; i < encodings.length; i++) {
            DocumentId id = Workload.id(first + i);
            insertDocument.setInt(1, id.tableNumber());
            insertDocument.setBytes(2, id.internalId().bytes());
            insertDocument.setLong(3, ts);
            insertDocument.setBytes(4, encodings[i]);
            insertDocument.addBatch();
            insertEntry.setBytes(1, Workload.INDEX.id().bytes());
            insertEntry.setBytes(2, Workload.key(first + i).bytes());
            insertEntry.setLong(3, ts);
            insertEntry.setInt(4, id.tableNumber());
            insertEntry.setBytes(5, id.internalId().bytes());
            insertEntry.addBatch();
        }
        insertDocument.executeBatch();
        insertEntry.executeBatch();
        connection.commit();
    }

    /**
     * Inserts document {@code n} (encoded as {@code encoding}) and its index entry at {@code ts} in a
     * transaction of its own: the single-row baseline of {@link DatabaseInsertBenchmark}.
     */
    void insertOne(long n, byte[] encoding, long ts) throws SQLException {
        DocumentId id = Workload.id(n);
        insertDocument.setInt(1, id.tableNumber());
        insertDocument.setBytes(2, id.internalId().bytes());
        insertDocument.setLong(3, ts);
        insertDocument.setBytes(4, encoding);
        insertDocument.executeUpdate();
        insertEntry.setBytes(1, Workload.INDEX.id().bytes());
        insertEntry.setBytes(2, Workload.key(n).bytes());
        insertEntry.setLong(3, ts);
        insertEntry.setInt(4, id.tableNumber());
        insertEntry.setBytes(5, id.internalId().bytes());
        insertEntry.executeUpdate();
        connection.commit();
    }

    /**
     * Refreshes the planner's statistics after a bulk load, as an application would (PostgreSQL's
     * generic plan for the scan picks a sequential scan on a freshly loaded table without them).
     */
    void analyze() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
        connection.commit();
    }

    /** Reads {@code limit} rows from {@code start} on, returning the number of value bytes seen. */
    long scan(IndexKey start, long readTs, int limit) throws SQLException {
        scan.setBytes(1, Workload.INDEX.id().bytes());
        scan.setBytes(2, start.bytes());
        scan.setLong(3, readTs);
        scan.setInt(4, limit);
        long bytes = 0;
        try (ResultSet rows = scan.executeQuery()) {
            while (rows.next()) {
                bytes += rows.getBytes(1).length + rows.getBytes(2).length;
            }
        }
        connection.commit();
        return bytes;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
