package dev.slipway.database;

import dev.slipway.database.subscription.Conflict;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.database.subscription.WriteLog;
import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.CreationTime;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A deployment's database on top of a {@link Persistence} store: snapshot transactions, serializable
 * OCC and one committer thread.
 *
 * <p>Ownership: the database does not own the store. {@link #close()} stops the committer after it
 * has committed everything already submitted, and leaves the store open; whoever opened the store
 * closes it afterwards. The committer thread comes from {@link DatabaseOptions#committerThreads()}.
 *
 * <p>Opening an empty store writes the bootstrap catalog (the {@code _tables} and {@code _index}
 * documents describing themselves, see {@link SystemTables}) in one batch at the first timestamp.
 * Opening a non-empty store loads the catalog from those tables at the store's max timestamp.
 *
 * <p>The current state is one immutable {@link Snapshot} (latest commit timestamp and the catalog
 * as of it), replaced by the committer after each commit; {@link #begin()} reads it without locking.
 */
public final class Database implements AutoCloseable {

    /** The latest committed timestamp together with the catalog as of it. */
    record Snapshot(Timestamp ts, Catalog catalog) {}

    private final Persistence persistence;
    private final DatabaseOptions options;
    private final Committer committer;
    private final RetentionWorker retention;
    private final IndexBackfiller backfiller;
    private final TablePurger purger;
    private volatile Snapshot snapshot;

    private Database(Persistence persistence, DatabaseOptions options, Snapshot initial) {
        this.persistence = persistence;
        this.options = options;
        this.snapshot = initial;
        this.committer = new Committer(this, WriteLog.startingAfter(initial.ts()), options, options.committerThreads());
        this.retention = new RetentionWorker(persistence, this::lastCommitted, options);
        this.backfiller = new IndexBackfiller(this, options);
        this.purger = new TablePurger(this, options);
        retention.start(options);
        backfiller.onCatalog(initial.catalog());
        purger.onCatalog(initial.catalog());
    }

    /** Opens the database stored in {@code persistence}, bootstrapping an empty store. */
    public static Database open(Persistence persistence, DatabaseOptions options) {
        Optional<Timestamp> max = persistence.maxTimestamp();
        Snapshot initial = max.isPresent() ? load(persistence, max.get()) : bootstrap(persistence, options);
        return new Database(persistence, options, initial);
    }

    /** A read-write transaction at the latest committed snapshot, for user-level code. */
    public Transaction begin() {
        Snapshot s = snapshot;
        return new Transaction(this, s.ts(), s.catalog(), false);
    }

    /** A transaction that may also write system tables ({@code _}-prefixed). */
    public Transaction beginSystem() {
        Snapshot s = snapshot;
        return new Transaction(this, s.ts(), s.catalog(), true);
    }

    /**
     * A transaction reading the snapshot at {@code ts}, which must not be after {@link
     * #lastCommitted()}. It uses the current catalog (tables are never dropped, so a table created
     * after {@code ts} simply has no documents then). Writing from it commits only if nothing it read
     * changed since {@code ts} and {@code ts} is within the OCC window.
     *
     * <p>{@code ts} must also be at or after {@link #oldestReadable()}: the latest commit minus
     * {@link DatabaseOptions#retentionWindow()} (or the last retention cutoff, if higher). The
     * snapshot is complete when the transaction begins; retention does not track open transactions,
     * so finish reading before the snapshot leaves the window.
     *
     * @throws DatabaseException {@link DatabaseException#TIMESTAMP_IN_FUTURE}, {@link
     *     DatabaseException#OUT_OF_RETENTION}
     */
    public Transaction beginAt(Timestamp ts) {
        Snapshot s = snapshot;
        if (ts.compareTo(s.ts()) > 0) {
            throw new DatabaseException(
                    DatabaseException.TIMESTAMP_IN_FUTURE,
                    "Cannot read at timestamp " + ts.nanos() + ": the latest commit is " + s.ts().nanos());
        }
        retention.checkReadable(ts);
        return new Transaction(this, ts, s.catalog(), false);
    }

    /** The timestamp of the latest commit. */
    public Timestamp lastCommitted() {
        return snapshot.ts();
    }

    /** The catalog as of the latest commit. */
    public Catalog catalog() {
        return snapshot.catalog();
    }

    /**
     * Subscribes {@code listener} to the first commit after {@code readTs} that writes a key in {@code
     * readSet} (a transaction's {@link Transaction#readSet()} and {@link Transaction#snapshotTs()}):
     * see {@link Subscriptions#subscribe}. One-shot; notified at once when already stale.
     */
    public Subscriptions.Handle subscribe(ReadSet readSet, Timestamp readTs, Subscriptions.Listener listener) {
        return committer.subscriptions().subscribe(readSet, readTs, listener);
    }

    /**
     * Whether no commit in {@code (readTs, through]} wrote a key in {@code readSet}: a query read at
     * {@code readTs} then gives the same result at {@code through}. False when {@code through} is
     * after the latest commit, or when {@code readTs} is older than the write log's horizon (the
     * OCC window) and the answer is no longer known. Never blocks; any thread.
     */
    public boolean unchangedThrough(ReadSet readSet, Timestamp readTs, Timestamp through) {
        if (through.compareTo(lastCommitted()) > 0) {
            return false; // the log gets a commit before the snapshot publishes it, so it holds all up to here
        }
        return switch (committer.writeLog().conflict(readSet, readTs).orElse(null)) {
            case null -> true;
            case Conflict.KeyWritten written -> written.commitTs().compareTo(through) > 0;
            case Conflict.SnapshotTooOld tooOld -> false;
        };
    }

    /** The database's subscriptions. */
    public Subscriptions subscriptions() {
        return committer.subscriptions();
    }

    /**
     * Reads whole tables at the latest snapshot, page by page and outside the transaction limits: an
     * export, a count, an admin's look at the data. Retention keeps the snapshot complete until the
     * reader is closed, however long the reading takes; close it promptly.
     */
    public SnapshotReader snapshotReader() {
        Snapshot s = snapshot;
        return new SnapshotReader(persistence, s.ts(), s.catalog(), retention.hold(s.ts()));
    }

    /**
     * Completes when table {@code number}, retired or replaced ({@link TableState#DELETING}), has had
     * its documents deleted and is gone from the catalog, which frees its number: at once when it is
     * already gone; exceptionally when it is not being deleted, or its purge fails or the database
     * closes first.
     */
    public CompletableFuture<Void> awaitTableRemoved(int number) {
        return purger.awaitRemoved(number);
    }

    /** The oldest timestamp {@link #beginAt} accepts (see {@link DatabaseOptions#retentionWindow()}). */
    public Timestamp oldestReadable() {
        return retention.oldestReadable();
    }

    /**
     * Runs one retention pass on the calling thread: removes, in batches, the revisions shadowed
     * before {@link #oldestReadable()}. Passes also run on {@link DatabaseOptions#retentionScheduler()}.
     */
    public RetentionPass runRetention() {
        return retention.runPass();
    }

    /**
     * The index backfills running or waiting to run, with the documents indexed so far. An index
     * created on a table that already has documents starts {@link IndexState#BACKFILLING} and
     * cannot be queried until its backfill marks it ready (see {@link IndexBackfiller}).
     */
    public List<IndexBackfill> indexBackfills() {
        return backfiller.progress();
    }

    /**
     * Completes when the index with this id is ready to be queried: at once when it already is (or
     * does not exist), otherwise when its backfill ends; exceptionally when the backfill fails or the
     * database closes first.
     */
    public CompletableFuture<Void> awaitIndexReady(IndexId index) {
        return backfiller.awaitReady(index);
    }

    /**
     * Stops the index backfills at their next page, commits everything already submitted, then stops
     * the committer; the store stays open.
     */
    @Override
    public void close() {
        purger.close();
        backfiller.close();
        retention.close();
        committer.close();
    }

    Persistence persistence() {
        return persistence;
    }

    DatabaseOptions options() {
        return options;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Committer thread only. */
    void publish(Snapshot next) {
        Catalog previous = snapshot.catalog();
        snapshot = next;
        if (next.catalog() != previous) {
            backfiller.onCatalog(next.catalog());
            purger.onCatalog(next.catalog());
        }
    }

    CompletableFuture<Timestamp> submit(Timestamp snapshotTs, ReadSet readSet, List<DocumentWrite> writes) {
        return committer.submit(snapshotTs, readSet, writes);
    }

    private static Snapshot bootstrap(Persistence persistence, DatabaseOptions options) {
        Timestamp ts = Timestamp.of(Math.max(1, options.clock().getAsLong()));
        CreationTime creationTime = CreationTime.fromCommitTimestamp(ts.nanos());
        List<DocumentWrite> writes = new ArrayList<>();
        List<Value.Obj> tables = new ArrayList<>();
        List<Value.Obj> indexes = new ArrayList<>();
        for (Map.Entry<DocumentId, Value.Obj> entry : SystemTables.bootstrapDocuments()) {
            DocumentId id = entry.getKey();
            Value.Obj doc = StoredDocuments.withSystemFields(entry.getValue(), id, creationTime);
            creationTime = creationTime.next();
            writes.add(new DocumentWrite(id, Optional.empty(), Optional.of(doc)));
            (id.tableNumber() == SystemTables.TABLES_NUMBER ? tables : indexes).add(doc);
        }
        Catalog catalog = Catalog.of(tables, indexes);
        CommitEntries entries = new CommitEntries();
        entries.add(ts, writes, catalog);
        persistence.write(entries.documents, entries.indexEntries, ConflictStrategy.ERROR);
        return new Snapshot(ts, catalog);
    }

    private static Snapshot load(Persistence persistence, Timestamp ts) {
        List<Value.Obj> tables = scanAll(persistence, SystemTables.TABLES_BY_ID, ts);
        List<Value.Obj> indexes = scanAll(persistence, SystemTables.INDEX_BY_ID, ts);
        if (tables.isEmpty()) {
            throw new DatabaseException(
                    DatabaseException.INVALID_CATALOG_CHANGE,
                    "The store " + persistence.describe() + " has data but no _tables documents; it was not"
                            + " written by a Slipway database");
        }
        return new Snapshot(
                ts,
                Catalog.of(tables, indexes)
                        .withSchemaDocument(id -> persistence.get(id, ts).flatMap(DocumentLogEntry::value)));
    }

    private static List<Value.Obj> scanAll(Persistence persistence, IndexId index, Timestamp ts) {
        List<Value.Obj> docs = new ArrayList<>();
        Optional<KeyRange> rest = Optional.of(KeyRange.ALL);
        while (rest.isPresent()) {
            IndexPage page = persistence.scan(index, rest.get(), ts, Order.ASC, 256);
            for (IndexRow row : page.rows()) {
                row.document().value().ifPresent(docs::add);
            }
            rest = page.remaining();
        }
        return docs;
    }
}
