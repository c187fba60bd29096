package dev.slipway.persistence.postgres;

import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.Timestamp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Removes revisions that no read at or after a cutoff can see ({@link
 * dev.slipway.persistence.Persistence#deleteShadowedRevisions}), for documents and index entries.
 *
 * <p>Implementation notes. Retention walks each table in {@code (ts, key)} order through its
 * {@code *_by_ts} index and remembers in the {@code retention} row how far it got, so a pass only
 * reads what was written since the last one. Every revision {@code r} it passes with {@code r.ts <=
 * cutoff} makes one earlier revision invisible: the newest one of the same key before {@code r}.
 * That one is deleted, and it is the only one left, because it was passed earlier (its {@code ts}
 * is smaller) and deleted its own predecessor then. A tombstone that is the newest revision of its
 * key is deleted too. A revision's victims are deleted in the order predecessor, then itself, and
 * the position moves past it only when all are gone, so a pass cut short by {@code limit} resumes
 * exactly. Each chunk of at most {@value #CHUNK} revisions is one READ COMMITTED transaction under
 * an advisory lock on the log, so concurrent passes take turns (and a chunk that finds nothing to
 * do writes nothing, so its commit waits for no disk flush). Writers are never blocked: the caller
 * promises never to write at or below a cutoff it passed, so retention and writers touch disjoint
 * rows.
 *
 * <p>Cost: a call reads on until it deleted {@code limit} revisions or reached the cutoff, so the
 * first pass over a large store reads the whole log once, in chunks.
 */
final class Retention {
    static final int CHUNK = 500;

    /** One of the two logs: its table, its key columns, and its position columns in {@code retention}. */
    private record Log(
            String lock, String candidates, String delete, String position, String savePosition, int keyColumns) {
        static Log of(String schema, String table, List<String> key) {
            String t = StoreSchema.qualified(schema, table);
            String retention = StoreSchema.qualified(schema, "retention");
            String sameKey = join(key, " AND ", k -> "o." + k + " = s." + k);
            String passedKey = join(key, ", ", k -> "s." + k);
            return new Log(
                    "SELECT pg_advisory_xact_lock(hashtextextended('slipway retention " + t.replace("'", "''")
                            + "', 0))",
                    "SELECT " + passedKey + ", s.ts,"
                            + " (SELECT max(o.ts) FROM " + t + " o WHERE " + sameKey + " AND o.ts < s.ts),"
                            + " s.deleted AND NOT EXISTS (SELECT 1 FROM " + t + " o WHERE " + sameKey
                            + " AND o.ts > s.ts)"
                            + " FROM " + t + " s WHERE (s.ts, " + passedKey + ") > (?, " + join(key, ", ", k -> "?")
                            + ") AND s.ts <= ? ORDER BY s.ts, " + passedKey + " LIMIT ?",
                    "DELETE FROM " + t + " WHERE " + join(key, " AND ", k -> k + " = ?") + " AND ts = ?",
                    "SELECT " + table + "_ts, " + join(key, ", ", k -> table + "_" + k) + " FROM " + retention,
                    "UPDATE " + retention + " SET " + table + "_ts = ?, "
                            + join(key, ", ", k -> table + "_" + k + " = ?"),
                    key.size());
        }

        private static String join(List<String> key, String separator, UnaryOperator<String> column) {
            return String.join(separator, key.stream().map(column).toList());
        }
    }

    private final Log documents;
    private final Log indexes;

    Retention(String schema) {
        this.documents = Log.of(schema, "documents", List.of("table_id", "id"));
        this.indexes = Log.of(schema, "indexes", List.of("index_id", "key_prefix", "key_sha256"));
    }

    RetentionResult run(PostgresConnections connections, Timestamp cutoff, int limit) {
        long removedDocuments = sweep(connections, documents, cutoff, limit);
        long removedEntries = sweep(connections, indexes, cutoff, limit - removedDocuments);
        return new RetentionResult(removedDocuments, removedEntries);
    }

    private static long sweep(PostgresConnections connections, Log log, Timestamp cutoff, long budget) {
        long removed = 0;
        while (removed < budget) {
            long left = budget - removed;
            Chunk chunk = connections.transaction("collect old revisions", c -> chunk(c, log, cutoff, left));
            removed += chunk.removed();
            if (chunk.done()) {
                break;
            }
        }
        return removed;
    }

    private record Chunk(long removed, boolean done) {}

    /** A revision passed by retention: its key, its timestamp and what it makes invisible. */
    private record Passed(
            List<Object> key, long ts, @Nullable Long predecessor, boolean deadTombstone) {
        /** The revisions to delete, as delete parameters: the predecessor first, then itself. */
        List<Object[]> victims() {
            List<Object[]> victims = new ArrayList<>(2);
            if (predecessor != null) {
                victims.add(row(key, predecessor));
            }
            if (deadTombstone) {
                victims.add(row(key, ts));
            }
            return victims;
        }
    }

    private static Chunk chunk(Connection c, Log log, Timestamp cutoff, long budget) throws SQLException {
        // Read committed: a pass that waited for the lock must see where the other one got to.
        PostgresConnections.readCommitted(c);
        Object[] position = position(c, log);
        List<Passed> passed = candidates(c, log, position, cutoff);
        List<Object[]> victims = new ArrayList<>();
        Object @Nullable [] reached = null;
        boolean cut = false;
        for (Passed p : passed) {
            List<Object[]> own = p.victims();
            int fits = (int) Math.min(own.size(), budget - victims.size());
            victims.addAll(own.subList(0, fits));
            if (fits < own.size()) {
                cut = true; // the rest of this revision's victims go in the next call
                break;
            }
            reached = row(p.key(), p.ts());
        }
        delete(c, log, victims);
        if (reached != null) {
            savePosition(c, log, reached);
        }
        return new Chunk(victims.size(), !cut && passed.size() < CHUNK);
    }

    /** Waits for other passes over the same log, then reads {@code ts, key...} of the last revision passed. */
    private static Object[] position(Connection c, Log log) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(log.lock())) {
            lock.execute();
        }
        try (PreparedStatement s = c.prepareStatement(log.position());
                ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the retention row is missing", "XX001");
            }
            Object[] position = new Object[log.keyColumns() + 1];
            for (int i = 0; i < position.length; i++) {
                position[i] = rs.getObject(i + 1);
            }
            return position;
        }
    }

    private static List<Passed> candidates(Connection c, Log log, Object[] position, Timestamp cutoff)
            throws SQLException {
        List<Passed> passed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(log.candidates())) {
            for (int i = 0; i < position.length; i++) {
                s.setObject(i + 1, position[i]);
            }
            s.setLong(position.length + 1, cutoff.nanos());
            s.setInt(position.length + 2, CHUNK);
            try (ResultSet rs = s.executeQuery()) {
                int n = log.keyColumns();
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        key.add(rs.getObject(i + 1));
                    }
                    long ts = rs.getLong(n + 1);
                    long predecessor = rs.getLong(n + 2);
                    Long pred = rs.wasNull() ? null : predecessor;
                    passed.add(new Passed(key, ts, pred, rs.getBoolean(n + 3)));
                }
            }
        }
        return passed;
    }

    /** {@code key..., ts}: the parameters of the delete statement. */
    private static Object[] row(List<Object> key, long ts) {
        Object[] row = key.toArray(new Object[key.size() + 1]);
        row[key.size()] = ts;
        return row;
    }

    private static void delete(Connection c, Log log, List<Object[]> victims) throws SQLException {
        if (victims.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(log.delete())) {
            for (Object[] victim : victims) {
                for (int i = 0; i < victim.length; i++) {
                    s.setObject(i + 1, victim[i]);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Saves {@code key..., ts} as the position: the update takes {@code ts, key...}. */
    private static void savePosition(Connection c, Log log, Object[] reached) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(log.savePosition())) {
            s.setObject(1, reached[reached.length - 1]);
            for (int i = 0; i < reached.length - 1; i++) {
                s.setObject(i + 2, reached[i]);
            }
            s.executeUpdate();
        }
    }
}
