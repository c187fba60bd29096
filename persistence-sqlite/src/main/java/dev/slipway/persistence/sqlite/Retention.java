package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.Timestamp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Retention: removes the revisions that no read at or after a cutoff can see.
 *
 * <p>Implementation notes. Rather than scanning every old revision on every pass, retention walks
 * the log forward in {@code (ts, key)} order, once, using the {@code *_by_ts} indexes. For each
 * revision {@code r} with {@code r.ts <= cutoff} it removes every older revision of the same id (or
 * index key), since {@code r} shadows them for any read at or after the cutoff; and if {@code r} is a
 * tombstone (deleted entry) that nothing newer follows, it removes {@code r} too, but only after the
 * older ones, so a read never sees an older revision come back. How far the walk got is kept per
 * table in {@code slipway_meta} (the retention cursor) and committed with the deletions, so the next
 * call, or the next pass with a later cutoff, continues where this one stopped: each revision is
 * visited once over the store's life, and a pass costs what was written since the previous one.
 *
 * <p>This is exact because of the SPI's promise that no revision is ever written at or below a cutoff
 * already passed: everything behind the cursor was final when it was visited. A revision that was a
 * tombstone with a newer revision after it is removed later, when that newer revision is visited.
 *
 * <p>Work is done in chunks of {@link #CHUNK} log rows, each in its own short write transaction, so
 * commits are never held up for long; a call stops once it has removed {@code limit} revisions.
 * Documents go first, then index entries.
 */
final class Retention {

    /** Log rows visited per write transaction. */
    static final int CHUNK = 256;

    private final SingleWriter writer;

    Retention(SingleWriter writer) {
        this.writer = writer;
    }

    RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        long documents = collect(Log.DOCUMENTS, cutoff, limit);
        long entries = documents < limit ? collect(Log.INDEXES, cutoff, limit - documents) : 0;
        return new RetentionResult(documents, entries);
    }

    private long collect(Log log, Timestamp cutoff, long limit) {
        Supplier<String> doing = () -> "removing shadowed " + log.what + " up to ts " + cutoff.nanos();
        long removed = 0;
        boolean finished = false;
        while (!finished && removed < limit) {
            long budget = limit - removed;
            Chunk chunk = writer.inTransaction(doing, s -> collectChunk(s, log, cutoff.nanos(), budget));
            removed += chunk.removed();
            finished = chunk.finished();
        }
        return removed;
    }

    /** What one chunk did: how many revisions it removed, and whether the log up to the cutoff is done. */
    private record Chunk(long removed, boolean finished) {}

    /** One log row: its timestamp, its two key columns, and whether it is a tombstone. */
    private record LogRow(long ts, Object k1, Object k2, boolean deleted) {}

    private static Chunk collectChunk(SqliteSession s, Log log, long cutoff, long budget) throws SQLException {
        List<LogRow> rows = nextRows(s, log, cutoff);
        long removed = 0;
        int visited = 0;
        for (LogRow row : rows) {
            Visit visit = visit(s, log, row, budget - removed);
            removed += visit.removed();
            if (!visit.done()) {
                break;
            }
            visited++;
        }
        if (visited > 0) {
            bind(s.prepared(log.saveCursor), rows.get(visited - 1)).executeUpdate();
        }
        return new Chunk(removed, visited == rows.size() && rows.size() < CHUNK);
    }

    /** What visiting one log row removed, and whether the row is done (else the budget ran out). */
    private record Visit(long removed, boolean done) {}

    /** Removes what {@code row} makes collectable, within {@code budget}. */
    private static Visit visit(SqliteSession s, Log log, LogRow row, long budget) throws SQLException {
        long older = count(s, log.countOlder, row);
        long take = Math.min(older, budget);
        long removed = take > 0 ? deleteOldest(s, log, row, take) : 0;
        if (take < older) {
            return new Visit(removed, false);
        }
        if (row.deleted() && count(s, log.newerExists, row) == 0) {
            if (removed == budget) {
                return new Visit(removed, false);
            }
            removed += bind(s.prepared(log.deleteOne), row).executeUpdate();
        }
        return new Visit(removed, true);
    }

    private static List<LogRow> nextRows(SqliteSession s, Log log, long cutoff) throws SQLException {
        PreparedStatement query = s.prepared(log.nextRows);
        query.setLong(1, cutoff);
        query.setInt(2, CHUNK);
        List<LogRow> rows = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                rows.add(new LogRow(row.getLong(1), row.getObject(2), row.getObject(3), row.getInt(4) != 0));
            }
        }
        return rows;
    }

    private static long count(SqliteSession s, String sql, LogRow row) throws SQLException {
        PreparedStatement query = bind(s.prepared(sql), row);
        try (ResultSet result = query.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long deleteOldest(SqliteSession s, Log log, LogRow row, long n) throws SQLException {
        PreparedStatement delete = bind(s.prepared(log.deleteOldest), row);
        delete.setLong(4, n);
        return delete.executeUpdate();
    }

    /** Binds a row's key to parameters 1 and 2 and its timestamp to parameter 3. */
    private static PreparedStatement bind(PreparedStatement statement, LogRow row) throws SQLException {
        statement.setObject(1, row.k1());
        statement.setObject(2, row.k2());
        statement.setLong(3, row.ts());
        return statement;
    }

    /** The SQL of retention over one of the two logs, keyed by {@code (k1, k2, ts)}. */
    private enum Log {
        DOCUMENTS("documents", "table_id", "id", "document revisions"),
        INDEXES("indexes", "index_id", "key", "index entries");

        final String what;
        final String nextRows;
        final String countOlder;
        final String newerExists;
        final String deleteOldest;
        final String deleteOne;
        final String saveCursor;

        Log(String table, String k1, String k2, String what) {
            String key = k1 + " = ?1 AND " + k2 + " = ?2";
            String cursor = "gc_" + table;
            this.what = what;
            this.nextRows = "SELECT ts, " + k1 + ", " + k2 + ", deleted FROM " + table
                    + " WHERE ts <= ?1 AND (ts, " + k1 + ", " + k2 + ") > (SELECT " + cursor + "_ts, " + cursor
                    + "_k1, " + cursor + "_k2 FROM slipway_meta WHERE id = 1)"
                    + " ORDER BY ts, " + k1 + ", " + k2 + " LIMIT ?2";
            this.countOlder = "SELECT count(*) FROM " + table + " WHERE " + key + " AND ts < ?3";
            this.newerExists =
                    "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + key + " AND ts > ?3 LIMIT 1)";
            this.deleteOldest = "DELETE FROM " + table + " WHERE " + key + " AND ts IN (SELECT ts FROM " + table
                    + " WHERE " + key + " AND ts < ?3 ORDER BY ts LIMIT ?4)";
            this.deleteOne = "DELETE FROM " + table + " WHERE " + key + " AND ts = ?3";
            this.saveCursor = "UPDATE slipway_meta SET " + cursor + "_k1 = ?1, " + cursor + "_k2 = ?2, " + cursor
                    + "_ts = ?3 WHERE id = 1";
        }
    }
}
