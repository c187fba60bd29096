package dev.slipway.database;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.IndexKeys;
import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the entries of indexes created on tables that already hold documents, in the background,
 * and marks each index {@link IndexState#READY} when it is complete.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Start.</b> {@link #onCatalog} starts one backfill per {@link IndexState#BACKFILLING} index
 *       of a published catalog that has none running: after the commit that creates the index, and
 *       when a database opens on a store where a backfill was interrupted (a restart resumes it from
 *       the beginning).
 *   <li><b>The walk.</b> A backfill walks the table's {@code by_id} index in pages of {@link
 *       DatabaseOptions#backfillPageSize()}, each page read at the then-latest snapshot and continuing
 *       after the last key of the page before. For each live document it writes the new index's entry
 *       at the timestamp of the revision it read, straight to persistence with {@link
 *       ConflictStrategy#OVERWRITE}: these entries add no revisions, they index existing ones, and
 *       nobody reads the index yet.
 *   <li><b>Why that is complete.</b> Every commit after the one that created the index writes the
 *       index's entries itself (the committer indexes with the catalog of the commit), including the
 *       deleted entry at the key a document leaves. So a revision a page reads is either still current,
 *       and its entry is right, or was replaced by a later commit, which wrote the shadowing entries
 *       at a greater timestamp. Writing an entry again is idempotent, so overlap with the committer and
 *       resuming from scratch are both harmless. A page is written right after it is read, far inside
 *       the retention window, so retention cannot remove a shadowing entry in between; a page whose
 *       snapshot left the window all the same is read again.
 *   <li><b>Ready.</b> When the walk ends, one system transaction sets the {@code _index} document's
 *       state to ready (retried on conflict). Every entry is durable before that commit, so a snapshot
 *       in which the index is ready sees all of them.
 *   <li><b>Progress and failure.</b> {@link #progress()} reports the documents indexed so far. A
 *       failed backfill completes its future exceptionally and is logged; the next catalog change or
 *       the next open starts it again. {@link #close} stops the walks at the next page and waits.
 * </ul>
 */
final class IndexBackfiller {
    private static final System.Logger LOG = System.getLogger(IndexBackfiller.class.getName());
    private static final int READY_ATTEMPTS = 10;

    private static final class Run {
        final Catalog.Index index;
        final AtomicLong indexed = new AtomicLong();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Taken by whoever runs the backfill, or by {@link #close} for one that never started. */
        final AtomicBoolean claimed = new AtomicBoolean();

        Run(Catalog.Index index) {
            this.index = index;
        }
    }

    private final Database db;
    private final DatabaseOptions options;

    @GuardedBy("this")
    private final Map<IndexId, Run> running = new HashMap<>();

    @GuardedBy("this")
    private boolean closed;

    IndexBackfiller(Database db, DatabaseOptions options) {
        this.db = db;
        this.options = options;
    }

    /** Starts a backfill for every backfilling index of {@code catalog} that has none running. */
    void onCatalog(Catalog catalog) {
        List<Run> started = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            for (Catalog.Index index : catalog.backfilling()) {
                if (!running.containsKey(index.id())) {
                    Run run = new Run(index);
                    running.put(index.id(), run);
                    started.add(run);
                }
            }
        }
        for (Run run : started) {
            options.backfillExecutor().execute(() -> backfill(run));
        }
    }

    /** Completes when the index is ready; at once when it already is or is unknown to the current catalog. */
    CompletableFuture<Void> awaitReady(IndexId id) {
        synchronized (this) {
            Run run = running.get(id);
            if (run != null) {
                return run.done.copy();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The backfills running or waiting to run. */
    synchronized List<IndexBackfill> progress() {
        return running.values().stream()
                .map(run -> new IndexBackfill(
                        run.index.definition().table(),
                        run.index.definition().name(),
                        run.index.id(),
                        run.indexed.get()))
                .toList();
    }

    /** Stops every walk at its next page and waits for them to end; fails the ones that never started. */
    void close() {
        List<Run> pending;
        synchronized (this) {
            closed = true;
            pending = List.copyOf(running.values());
        }
        for (Run run : pending) {
            if (run.claimed.compareAndSet(false, true)) {
                finish(run, Optional.of(closedDuring(run)));
                continue;
            }
            try {
                run.done.handle((ok, error) -> null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("unreachable: handle() swallows failures", e);
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void backfill(Run run) {
        if (!run.claimed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (walk(run)) {
                markReady(run.index);
            } else if (isClosed()) {
                finish(run, Optional.of(closedDuring(run)));
                return;
            }
            finish(run, Optional.empty());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "backfill of index " + name(run.index) + " failed after " + run.indexed.get()
                            + " documents; it restarts with the next catalog change or open",
                    e);
            finish(run, Optional.of(e));
        }
    }

    /** Indexes every document of the table; false when the database closed or the index went away first. */
    private boolean walk(Run run) {
        IndexDefinition definition = run.index.definition();
        Optional<KeyRange> rest = Optional.of(KeyRange.ALL);
        while (rest.isPresent()) {
            if (isClosed()) {
                return false;
            }
            Database.Snapshot snapshot = db.snapshot();
            Optional<Catalog.Index> current = snapshot.catalog().index(definition.table(), definition.name());
            Optional<Catalog.Index> byId = snapshot.catalog().index(definition.table(), IndexDefinition.BY_ID);
            if (current.isEmpty() || !current.get().id().equals(run.index.id()) || byId.isEmpty()) {
                return false;
            }
            IndexPage page = db.persistence()
                    .scan(byId.get().id(), rest.get(), snapshot.ts(), Order.ASC, options.backfillPageSize());
            if (snapshot.ts().compareTo(db.oldestReadable()) < 0) {
                continue; // the page's snapshot left the retention window while it was read: read it again
            }
            List<IndexEntry> entries = new ArrayList<>();
            for (IndexRow row : page.rows()) {
                DocumentLogEntry revision = row.document();
                revision.value().ifPresent(doc -> entries.add(entry(run.index, revision, doc)));
            }
            db.persistence().write(List.of(), entries, ConflictStrategy.OVERWRITE);
            run.indexed.addAndGet(entries.size());
            rest = page.remaining();
        }
        return true;
    }

    private static IndexEntry entry(Catalog.Index index, DocumentLogEntry revision, Value.Obj doc) {
        return new IndexEntry(
                index.id(), IndexKeys.of(index.definition(), doc, revision.id()), revision.ts(), revision.id(), false);
    }

    private void markReady(Catalog.Index index) {
        for (int attempt = 1; ; attempt++) {
            Transaction tx = db.beginSystem();
            Optional<Catalog.Index> current = tx.catalog()
                    .index(index.definition().table(), index.definition().name());
            if (current.isEmpty()
                    || !current.get().id().equals(index.id())
                    || current.get().state() == IndexState.READY) {
                tx.abort();
                return;
            }
            tx.patch(
                    index.documentId(),
                    Map.of("state", Optional.of(new Value.Str(SystemTables.stateName(IndexState.READY)))));
            try {
                tx.commit();
                LOG.log(System.Logger.Level.INFO, "index " + name(index) + " is ready");
                return;
            } catch (OccConflict e) {
                if (attempt == READY_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void finish(Run run, Optional<RuntimeException> failure) {
        synchronized (this) {
            running.remove(run.index.id());
        }
        failure.ifPresentOrElse(run.done::completeExceptionally, () -> run.done.complete(null));
    }

    private static DatabaseException closedDuring(Run run) {
        return new DatabaseException(
                DatabaseException.CLOSED,
                "The database closed while index " + name(run.index) + " was backfilling; the backfill resumes"
                        + " when the database opens again");
    }

    private static String name(Catalog.Index index) {
        return index.definition().table() + "." + index.definition().name();
    }
}
