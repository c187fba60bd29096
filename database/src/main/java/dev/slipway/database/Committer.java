package dev.slipway.database;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.database.subscription.CommitKeys;
import dev.slipway.database.subscription.Conflict;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.database.subscription.WriteLog;
import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * The one thread that commits a database's transactions.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Queue and groups.</b> {@link #submit} enqueues a request; the committer thread takes one,
 *       drains up to {@code maxGroupSize - 1} more (group commit) and handles them in queue order.
 *   <li><b>Validation.</b> Each request's read set is checked against the {@link WriteLog} (commits
 *       after its snapshot that are durable) and against the requests accepted earlier in the same
 *       group (not yet in the log). An overlap fails the request with {@link OccConflict}, naming the
 *       table and document whose write conflicted (decoded from the id suffix of the index key).
 *   <li><b>Timestamps.</b> Each accepted request gets {@code max(clock, last + 1)}, strictly
 *       increasing; {@link #lastTs} is only ever touched by this thread. Its catalog is the group's
 *       running catalog plus its own catalog writes, so a table or index created earlier in the group
 *       is indexed for the later requests.
 *   <li><b>Publication.</b> The whole group is ONE persistence batch. Only after it is durable are the
 *       group's commits appended to the write log, the new snapshot (timestamp and catalog) published
 *       through {@link Database}'s volatile field, the subscriptions each commit invalidated handed to
 *       their listeners ({@link Subscriptions}), and the futures completed, in that order: whoever
 *       sees a commit acknowledged can begin a transaction that reads it.
 *   <li><b>Failures.</b> When the batch write (or building it) fails, every accepted request of the
 *       group fails with that error; nothing reaches the write log or the snapshot, so later
 *       transactions are unaffected, and the thread keeps serving. Timestamps of a failed group are
 *       not reused. If a store reports failure for a batch that it did persist (an unknown outcome),
 *       readers could see those revisions later although the callers were told the commit failed.
 *   <li><b>Closing.</b> {@link #close} refuses new requests, lets the thread finish everything queued
 *       before it, and waits for the thread to end.
 * </ul>
 */
final class Committer {
    private static final System.Logger LOG = System.getLogger(Committer.class.getName());

    /** One transaction to commit. */
    record Request(
            Timestamp snapshotTs, ReadSet readSet, List<DocumentWrite> writes, CompletableFuture<Timestamp> result) {}

    private record Accepted(Request request, Timestamp ts, CommitKeys keys) {}

    private static final Request STOP =
            new Request(Timestamp.MIN, ReadSet.empty(), List.of(), new CompletableFuture<>());

    private final Database db;
    private final Persistence persistence;
    private final WriteLog writeLog;
    private final Subscriptions subscriptions;
    private final LongSupplier clock;
    private final int maxGroupSize;
    private final long windowNanos;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    @GuardedBy("this")
    private boolean closed;

    /** The last timestamp assigned; committer thread only (and the constructor). */
    private long lastTs;

    Committer(Database db, WriteLog writeLog, DatabaseOptions options, ThreadFactory threads) {
        this.db = db;
        this.persistence = db.persistence();
        this.writeLog = writeLog;
        this.subscriptions = new Subscriptions(writeLog, options.notificationExecutor());
        this.clock = options.clock();
        this.maxGroupSize = options.maxGroupSize();
        this.windowNanos = options.occWindow().toNanos();
        this.lastTs = writeLog.latest().nanos();
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    /** Enqueues a commit; the future completes with the commit timestamp or fails. */
    CompletableFuture<Timestamp> submit(Timestamp snapshotTs, ReadSet readSet, List<DocumentWrite> writes) {
        CompletableFuture<Timestamp> result = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(new DatabaseException(
                        DatabaseException.CLOSED,
                        "The database " + persistence.describe() + " is closed; the transaction was not committed"));
                return result;
            }
            queue.add(new Request(snapshotTs, readSet, writes, result));
        }
        return result;
    }

    /** The write log (read-only use outside the committer thread). */
    WriteLog writeLog() {
        return writeLog;
    }

    /** The subscriptions this committer invalidates. */
    Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Finishes the queued commits, then stops the thread. Idempotent. */
    void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                queue.add(STOP);
            }
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean stopping = false;
        while (!stopping) {
            List<Request> group = new ArrayList<>();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "committer of " + persistence.describe() + " interrupted; stopping");
                failQueued();
                return;
            }
            queue.drainTo(group, maxGroupSize - 1);
            stopping = group.remove(STOP);
            if (!group.isEmpty()) {
                commitGroup(group);
            }
        }
    }

    private void failQueued() {
        List<Request> rest = new ArrayList<>();
        queue.drainTo(rest);
        DatabaseException closed = new DatabaseException(DatabaseException.CLOSED, "The committer stopped");
        rest.forEach(r -> r.result().completeExceptionally(closed));
    }

    private void commitGroup(List<Request> group) {
        Database.Snapshot base = db.snapshot();
        Catalog catalog = base.catalog();
        CommitEntries entries = new CommitEntries();
        List<Accepted> accepted = new ArrayList<>();
        try {
            for (Request request : group) {
                Optional<OccConflict> conflict = conflict(request, accepted, catalog);
                if (conflict.isPresent()) {
                    request.result().completeExceptionally(conflict.get());
                    continue;
                }
                Timestamp ts = nextTs();
                catalog = catalog.withWrites(catalogWrites(request.writes()));
                CommitKeys keys = entries.add(ts, request.writes(), catalog);
                accepted.add(new Accepted(request, ts, keys));
            }
            if (!accepted.isEmpty()) {
                persistence.write(entries.documents, entries.indexEntries, ConflictStrategy.ERROR);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "commit of " + group.size() + " transactions failed", e);
            group.forEach(r -> r.result().completeExceptionally(e));
            return;
        }
        publish(accepted, catalog);
    }

    private void publish(List<Accepted> accepted, Catalog catalog) {
        if (accepted.isEmpty()) {
            return;
        }
        for (Accepted a : accepted) {
            writeLog.append(a.ts(), a.keys());
        }
        Timestamp last = accepted.getLast().ts();
        db.publish(new Database.Snapshot(last, catalog));
        for (Accepted a : accepted) {
            subscriptions.invalidate(a.ts(), a.keys()); // after the append and the snapshot: see Subscriptions
        }
        writeLog.trimBefore(Timestamp.of(Math.max(0, last.nanos() - windowNanos)));
        for (Accepted a : accepted) {
            a.request().result().complete(a.ts());
        }
    }

    private Timestamp nextTs() {
        lastTs = Math.max(clock.getAsLong(), Math.addExact(lastTs, 1));
        return Timestamp.of(lastTs);
    }

    private static Map<DocumentId, Optional<Value.Obj>> catalogWrites(List<DocumentWrite> writes) {
        Map<DocumentId, Optional<Value.Obj>> catalogWrites = new LinkedHashMap<>();
        for (DocumentWrite write : writes) {
            if (Catalog.isCatalogTable(write.id().tableNumber())) {
                catalogWrites.put(write.id(), write.after());
            }
        }
        return catalogWrites;
    }

    /** The conflict of {@code request} with the durable log or with earlier requests of its group. */
    private Optional<OccConflict> conflict(Request request, List<Accepted> accepted, Catalog catalog) {
        Optional<Conflict> logged = writeLog.conflict(request.readSet(), request.snapshotTs());
        if (logged.isPresent()) {
            return Optional.of(describe(logged.get(), request.snapshotTs(), catalog));
        }
        for (Accepted earlier : accepted) {
            for (IndexId index : earlier.keys().indexes()) {
                for (IndexKey key : earlier.keys().keys(index)) {
                    if (request.readSet().intersects(index, key)) {
                        Conflict c = new Conflict.KeyWritten(earlier.ts(), index, key);
                        return Optional.of(describe(c, request.snapshotTs(), catalog));
                    }
                }
            }
        }
        return Optional.empty();
    }

    static OccConflict describe(Conflict conflict, Timestamp snapshotTs, Catalog catalog) {
        return switch (conflict) {
            case Conflict.KeyWritten(Timestamp commitTs, IndexId index, IndexKey key) ->
                new OccConflict("Documents read from or written to the table " + tableOf(key, catalog)
                        + " changed while this transaction was being run: the transaction committed at "
                        + commitTs.nanos() + " changed the document with ID " + documentOf(key)
                        + ", which this transaction (snapshot " + snapshotTs.nanos() + ") read");
            case Conflict.SnapshotTooOld(Timestamp snapshot, Timestamp horizon) ->
                new OccConflict("The transaction's snapshot " + snapshot.nanos()
                        + " is older than the write log's horizon " + horizon.nanos()
                        + "; it ran too long to be validated (DatabaseOptions.occWindow)");
        };
    }

    private static String tableOf(IndexKey key, Catalog catalog) {
        return decode(key).map(id -> catalog.describeTable(id.tableNumber())).orElse("(unknown)");
    }

    private static String documentOf(IndexKey key) {
        return decode(key).map(DocumentId::encode).orElse("(unknown)");
    }

    private static Optional<DocumentId> decode(IndexKey key) {
        try {
            return Optional.of(IndexKeyEncoder.decodeWithId(key.bytes()).id());
        } catch (InvalidValueException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
