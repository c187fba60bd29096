package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's store: an append-only log of document revisions and index entries, each keyed by
 * a commit timestamp, plus a small table of globals.
 *
 * <h2>Reads at a timestamp</h2>
 *
 * A read at {@code T} sees, for each document id (or index key), the newest revision with {@code ts
 * <= T}; a tombstone (or deleted index entry) there means "absent". The store itself never assigns
 * timestamps: the caller (the database's single committer) does, strictly increasing.
 *
 * <h2>What callers promise</h2>
 *
 * <ul>
 *   <li>Every live index entry at {@code ts} points at a document revision written at the same
 *       {@code ts}, in the same or an earlier batch. Whenever a document is written, every index of
 *       its table gets an entry at that {@code ts} (a live one for its current key, a deleted one
 *       for the key it left).
 *   <li>No revision is ever written with a {@code ts} at or below a cutoff already passed to {@link
 *       #deleteShadowedRevisions}.
 * </ul>
 *
 * <h2>What implementations guarantee</h2>
 *
 * <ul>
 *   <li>{@link #write} is atomic and durable when it returns: after a crash either the whole batch
 *       is visible or none of it.
 *   <li>All methods are thread-safe; reads run concurrently with a write and never see part of a
 *       batch (they may or may not see the batch, but only at timestamps the caller already
 *       considers committed).
 *   <li>Failures are {@link PersistenceException}s whose message names the store.
 * </ul>
 */
public interface Persistence extends AutoCloseable {

    /** The store, as shown in errors and logs: a file path, or a URL and schema. */
    String describe();

    /** Writes one batch atomically and durably. */
    void write(List<DocumentLogEntry> documents, List<IndexEntry> indexEntries, ConflictStrategy conflict);

    /** The document as of {@code readTs}: its newest revision at or before it, unless that is a tombstone. */
    Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs);

    /**
     * Scans one index at {@code readTs}: the live entries whose keys fall in {@code range}, in key
     * order (or reverse), each with the document revision it points at. Returns at most {@code
     * limit} rows ({@code limit >= 1}); when the page is full, {@link IndexPage#remaining()} is the
     * rest of the range (possibly holding nothing more); when it is not full, the range is exhausted
     * and {@code remaining} is empty.
     */
    IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit);

    /**
     * Document revisions (tombstones included) with {@code fromInclusive <= ts < toExclusive}, in
     * {@code (ts, id)} order, starting after {@code after} when given; at most {@code limit}.
     */
    List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit);

    /**
     * For each key, the newest revision of {@code key.id()} strictly before {@code key.ts()}
     * (tombstones included); keys with no such revision are absent from the result.
     */
    Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys);

    /**
     * The largest timestamp of any revision or index entry ever written, or empty for a new store.
     * Retention never lowers it, even when it removes the newest tombstone.
     */
    Optional<Timestamp> maxTimestamp();

    /** A global value, or empty. */
    Optional<String> global(String key);

    /** Sets a global value durably. */
    void writeGlobal(String key, String value);

    /**
     * Removes up to {@code limit} revisions (documents and index entries) that no read at or after
     * {@code cutoff} can see: those older than {@code cutoff} shadowed by a newer revision at or before
     * it, and tombstones at or before it that are the newest revision of their id or key. Call until
     * it returns {@link RetentionResult#total()} 0 to finish a pass.
     */
    RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit);

    /** Deletes the store and all its data, then closes it. */
    void drop();

    /** Releases connections and files; idempotent. */
    @Override
    void close();
}
