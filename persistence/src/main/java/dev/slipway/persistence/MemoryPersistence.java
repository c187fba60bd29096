package dev.slipway.persistence;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.value.DocumentId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-memory reference implementation of {@link Persistence}: what tests compare every backend
 * against, and the store of unit tests that need no files.
 *
 * <p>Implementation notes. Clarity comes before speed: the data lives in plain sorted maps ({@link
 * MemoryTables}), which no method touches except under {@link #lock}. Reads hold the read lock, so
 * they run concurrently with each other; {@link #write}, retention and drop hold the write lock,
 * so a reader sees a batch wholly or not at all. A batch is checked completely before anything is
 * applied, which makes it atomic. "Durable" means: the data outlives {@link #close()} of one
 * handle, so {@link #reopen()} gives a new handle on it, as reopening a file would; {@link #drop()}
 * empties it. Every handle fails with {@link PersistenceException#STORE_CLOSED} once it is closed.
 *
 * <p>Stricter than the contract: a live index entry must point at a document revision written at
 * its timestamp (in the same batch or before), or the write fails with {@link
 * IllegalArgumentException}, so that tests of the layers above catch a broken promise early.
 */
public final class MemoryPersistence implements Persistence {

    private final String name;
    private final ReadWriteLock lock;

    @GuardedBy("lock")
    private final MemoryTables tables;

    private volatile boolean closed;

    private MemoryPersistence(String name, ReadWriteLock lock, MemoryTables tables) {
        this.name = name;
        this.lock = lock;
        this.tables = tables;
    }

    /** A new, empty store; {@code name} only labels it in {@link #describe()} and errors. */
    public static MemoryPersistence create(String name) {
        return new MemoryPersistence(name, new ReentrantReadWriteLock(), new MemoryTables("memory:" + name));
    }

    /**
     * A new handle on this store's data, as opening the same file again would give. Works on a
     * closed handle too; after {@link #drop()} the data is empty.
     */
    public MemoryPersistence reopen() {
        return new MemoryPersistence(name, lock, tables);
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    @Override
    public void write(List<DocumentLogEntry> documents, List<IndexEntry> indexEntries, ConflictStrategy conflict) {
        List<DocumentLogEntry> docs = List.copyOf(documents);
        List<IndexEntry> entries = List.copyOf(indexEntries);
        writing(t -> t.write(docs, entries, conflict));
    }

    @Override
    public Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return reading(t -> t.get(id, readTs));
    }

    @Override
    public IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        requirePositive(limit);
        return reading(t -> t.scan(index, range, readTs, order, limit));
    }

    @Override
    public List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        requirePositive(limit);
        return reading(t -> t.loadDocuments(fromInclusive, toExclusive, after, limit));
    }

    @Override
    public Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        List<RevisionKey> copy = List.copyOf(keys);
        return reading(t -> t.previousRevisions(copy));
    }

    @Override
    public Optional<Timestamp> maxTimestamp() {
        return reading(MemoryTables::maxTimestamp);
    }

    @Override
    public Optional<String> global(String key) {
        return reading(t -> t.global(key));
    }

    @Override
    public void writeGlobal(String key, String value) {
        writing(t -> t.writeGlobal(key, value));
    }

    @Override
    public RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        requirePositive(limit);
        return writingResult(t -> t.deleteShadowedRevisions(cutoff, limit));
    }

    @Override
    public void drop() {
        writing(t -> {
            t.clear();
            closed = true;
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MemoryPersistence[" + describe() + "]";
    }

    private <T> T reading(Function<MemoryTables, T> operation) {
        checkOpen();
        lock.readLock().lock();
        try {
            return operation.apply(tables);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void writing(Consumer<MemoryTables> operation) {
        writingResult(t -> {
            operation.accept(t);
            return t;
        });
    }

    private <T> T writingResult(Function<MemoryTables, T> operation) {
        checkOpen();
        lock.writeLock().lock();
        try {
            checkOpen();
            return operation.apply(tables);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new PersistenceException(
                    PersistenceException.STORE_CLOSED, "store " + describe() + " is closed", false);
        }
    }

    private static void requirePositive(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a limit is positive, got " + limit);
        }
    }
}
