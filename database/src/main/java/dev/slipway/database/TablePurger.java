package dev.slipway.database;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes the documents of {@link TableState#DELETING} tables (replaced or discarded by an import) in
 * the background, then removes the tables from the catalog.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Start.</b> {@link #onCatalog} starts one purge per deleting table of a published catalog
 *       that has none running: after the commit that retires the table, and when a database opens on
 *       a store where a purge was interrupted (it simply carries on: what is left is what remains).
 *   <li><b>Pages.</b> Each step reads up to {@link DatabaseOptions#backfillPageSize()} documents of
 *       the table's {@code by_id} index at the latest snapshot and deletes them in one system
 *       transaction, so the deletions go through the committer like any write: every index gets its
 *       tombstone entries, subscriptions on the old table are told, and retention later removes the
 *       history. Nobody else writes the table (user code cannot reach it), so conflicts are rare and
 *       a conflicting step is simply read again.
 *   <li><b>End.</b> When the table is empty, one system transaction deletes its {@code _index} and
 *       {@code _tables} documents, which frees its number.
 *   <li><b>Failure.</b> A failed purge is logged and starts again with the next catalog change or
 *       open; {@link #close} stops the purges at their next step.
 * </ul>
 */
final class TablePurger {
    private static final System.Logger LOG = System.getLogger(TablePurger.class.getName());

    private final Database db;
    private final DatabaseOptions options;

    @GuardedBy("this")
    private final Set<Integer> running = new HashSet<>();

    @GuardedBy("this")
    private final Map<Integer, List<CompletableFuture<Void>>> waiting = new HashMap<>();

    @GuardedBy("this")
    private boolean closed;

    TablePurger(Database db, DatabaseOptions options) {
        this.db = db;
        this.options = options;
    }

    /** Starts a purge for every deleting table of {@code catalog} that has none running. */
    void onCatalog(Catalog catalog) {
        for (Catalog.Table table : catalog.tables(TableState.DELETING)) {
            boolean start;
            synchronized (this) {
                start = !closed && running.add(table.number());
            }
            if (start) {
                options.backfillExecutor().execute(() -> purge(table));
            }
        }
    }

    /**
     * Completes when table {@code number} is gone from the catalog: at once when it already is,
     * exceptionally when it is not being deleted or its purge fails or stops.
     */
    CompletableFuture<Void> awaitRemoved(int number) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            Optional<Catalog.Table> table = db.catalog().anyTable(number);
            if (table.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (table.get().state() != TableState.DELETING) {
                return CompletableFuture.failedFuture(new DatabaseException(
                        DatabaseException.INVALID_CATALOG_CHANGE,
                        "Table " + table.get().name() + " (number " + number + ") is not being deleted"));
            }
            if (closed) {
                return CompletableFuture.failedFuture(closedError(table.get()));
            }
            waiting.computeIfAbsent(number, n -> new ArrayList<>()).add(done);
        }
        onCatalog(db.catalog()); // a purge that failed before is started again
        return done;
    }

    /** Stops the purges at their next step. */
    void close() {
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        synchronized (this) {
            closed = true;
            waiting.values().forEach(stopped::addAll);
            waiting.clear();
        }
        stopped.forEach(f -> f.completeExceptionally(new DatabaseException(
                DatabaseException.CLOSED, "The database closed before the table's documents were deleted")));
    }

    private static DatabaseException closedError(Catalog.Table table) {
        return new DatabaseException(
                DatabaseException.CLOSED,
                "The database closed before the documents of table " + table.name() + " were deleted");
    }

    private void finished(int number, Optional<RuntimeException> failure) {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            running.remove(number);
            List<CompletableFuture<Void>> list = waiting.remove(number);
            done = list == null ? List.of() : list;
        }
        for (CompletableFuture<Void> f : done) {
            failure.ifPresentOrElse(f::completeExceptionally, () -> f.complete(null));
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void purge(Catalog.Table table) {
        long deleted = 0;
        Optional<RuntimeException> failure = Optional.of(closedError(table));
        try {
            while (!isClosed()) {
                int step = step(table);
                if (step < 0) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "table {0} (number {1}) was removed after deleting {2} documents",
                            table.name(),
                            table.number(),
                            deleted);
                    failure = Optional.empty();
                    return;
                }
                deleted += step;
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "deleting the documents of table " + table.name() + " (number " + table.number()
                            + ") failed after " + deleted + " documents; it resumes with the next catalog change"
                            + " or open",
                    e);
            failure = Optional.of(e);
        } finally {
            finished(table.number(), failure);
        }
    }

    /** Deletes one page of documents; the number deleted, or -1 once the table is gone. */
    private int step(Catalog.Table table) {
        Transaction tx = db.beginSystem();
        Optional<Catalog.Table> current =
                tx.catalog().anyTable(table.number()).filter(t -> t.state() == TableState.DELETING);
        Optional<Catalog.Index> byId = tx.catalog().indexes(table.number()).stream()
                .filter(i -> i.definition().name().equals(dev.slipway.database.query.IndexDefinition.BY_ID))
                .findFirst();
        if (current.isEmpty()) {
            tx.abort();
            return -1;
        }
        int deleted = 0;
        if (byId.isPresent()) {
            IndexPage page = db.persistence()
                    .scan(byId.get().id(), KeyRange.ALL, tx.snapshotTs(), Order.ASC, options.backfillPageSize());
            for (IndexRow row : page.rows()) {
                tx.delete(row.document().id());
                deleted++;
            }
        }
        if (deleted == 0) {
            tx.removeDeletedTable(current.get());
        }
        try {
            tx.commit();
        } catch (OccConflict e) {
            return 0; // read the page again
        }
        return deleted == 0 ? -1 : deleted;
    }
}
