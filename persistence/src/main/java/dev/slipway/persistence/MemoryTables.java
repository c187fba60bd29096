package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The data of one {@link MemoryPersistence} in plain sorted maps. Not thread-safe: its owner calls
 * it only under a lock.
 *
 * <p>Implementation notes. Every document revision is kept twice, by {@code (id, ts)} for reads and
 * by {@code (ts, id)} for the log; both maps always hold the same revisions. Index entries are kept
 * by index, then key, then timestamp. Empty inner maps are removed, so a dropped or fully collected
 * id leaves nothing behind. {@link #maxTimestamp} is the largest timestamp ever written: retention
 * never lowers it.
 */
final class MemoryTables {

    private static final DocumentId SMALLEST_ID = new DocumentId(1, new InternalId(new byte[InternalId.LENGTH]));
    private static final Comparator<DocumentCursor> LOG_ORDER =
            Comparator.comparing(DocumentCursor::ts).thenComparing(DocumentCursor::id);

    private final String store;
    private final NavigableMap<DocumentId, NavigableMap<Timestamp, DocumentLogEntry>> documents = new TreeMap<>();
    private final NavigableMap<DocumentCursor, DocumentLogEntry> log = new TreeMap<>(LOG_ORDER);
    private final Map<IndexId, NavigableMap<IndexKey, NavigableMap<Timestamp, IndexEntry>>> indexes = new HashMap<>();
    private final Map<String, String> globals = new HashMap<>();
    private Optional<Timestamp> maxTimestamp = Optional.empty();

    MemoryTables(String store) {
        this.store = store;
    }

    void write(List<DocumentLogEntry> docs, List<IndexEntry> entries, ConflictStrategy conflict) {
        if (conflict == ConflictStrategy.ERROR) {
            rejectDuplicates(docs, entries);
        }
        rejectDanglingEntries(docs, entries);
        for (DocumentLogEntry doc : docs) {
            documents.computeIfAbsent(doc.id(), id -> new TreeMap<>()).put(doc.ts(), doc);
            log.put(new DocumentCursor(doc.ts(), doc.id()), doc);
            raiseMaxTimestamp(doc.ts());
        }
        for (IndexEntry entry : entries) {
            revisions(entry.indexId(), entry.key()).put(entry.ts(), entry);
            raiseMaxTimestamp(entry.ts());
        }
    }

    Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return Optional.ofNullable(documents.get(id))
                .flatMap(revisions -> Optional.ofNullable(revisions.floorEntry(readTs)))
                .map(Map.Entry::getValue)
                .filter(doc -> !doc.deleted());
    }

    IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        NavigableMap<IndexKey, NavigableMap<Timestamp, IndexEntry>> keys = indexes.getOrDefault(index, new TreeMap<>());
        NavigableMap<IndexKey, NavigableMap<Timestamp, IndexEntry>> inRange =
                range.end().isPresent()
                        ? keys.subMap(range.start(), true, range.end().get(), false)
                        : keys.tailMap(range.start(), true);
        List<IndexRow> rows = new ArrayList<>();
        for (NavigableMap<Timestamp, IndexEntry> revisions :
                (order == Order.ASC ? inRange : inRange.descendingMap()).values()) {
            Map.Entry<Timestamp, IndexEntry> visible = revisions.floorEntry(readTs);
            if (visible != null && !visible.getValue().deleted()) {
                rows.add(new IndexRow(visible.getValue().key(), documentOf(visible.getValue())));
                if (rows.size() == limit) {
                    return new IndexPage(
                            rows,
                            Optional.of(range.remainingAfter(rows.getLast().key(), order)));
                }
            }
        }
        return new IndexPage(rows, Optional.empty());
    }

    List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        DocumentCursor first = new DocumentCursor(fromInclusive, SMALLEST_ID);
        NavigableMap<DocumentCursor, DocumentLogEntry> tail = after.filter(a -> LOG_ORDER.compare(a, first) >= 0)
                .map(a -> log.tailMap(a, false))
                .orElseGet(() -> log.tailMap(first, true));
        List<DocumentLogEntry> result = new ArrayList<>();
        for (DocumentLogEntry doc : tail.values()) {
            if (doc.ts().compareTo(toExclusive) >= 0 || result.size() == limit) {
                break;
            }
            result.add(doc);
        }
        return result;
    }

    Map<RevisionKey, DocumentLogEntry> previousRevisions(List<RevisionKey> keys) {
        Map<RevisionKey, DocumentLogEntry> result = new LinkedHashMap<>();
        for (RevisionKey key : keys) {
            NavigableMap<Timestamp, DocumentLogEntry> revisions = documents.get(key.id());
            Map.Entry<Timestamp, DocumentLogEntry> previous = revisions == null ? null : revisions.lowerEntry(key.ts());
            if (previous != null) {
                result.put(key, previous.getValue());
            }
        }
        return result;
    }

    Optional<Timestamp> maxTimestamp() {
        return maxTimestamp;
    }

    Optional<String> global(String key) {
        return Optional.ofNullable(globals.get(key));
    }

    void writeGlobal(String key, String value) {
        globals.put(key, value);
    }

    /**
     * Removes, per id (and per index key), the revisions older than the newest one at or before the
     * cutoff, then that one too if it is a tombstone and the newest of all. Within an id they go in
     * ascending order, so a tombstone never leaves before what it hides.
     */
    RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        long removedDocuments = collect(
                documents,
                cutoff,
                DocumentLogEntry::deleted,
                limit,
                (id, ts) -> log.remove(new DocumentCursor(ts, id)));
        long removedEntries = 0;
        for (NavigableMap<IndexKey, NavigableMap<Timestamp, IndexEntry>> byKey : indexes.values()) {
            long budget = limit - removedDocuments - removedEntries;
            removedEntries += collect(byKey, cutoff, IndexEntry::deleted, budget, (key, ts) -> {});
        }
        indexes.values().removeIf(Map::isEmpty);
        return new RetentionResult(removedDocuments, removedEntries);
    }

    void clear() {
        documents.clear();
        log.clear();
        indexes.clear();
        globals.clear();
        maxTimestamp = Optional.empty();
    }

    /**
     * Removes up to {@code budget} collectable revisions from revisions grouped by key (an id, or
     * an index key), telling {@code onRemove} of each; drops groups left empty. Returns how many went.
     */
    private static <K, T> long collect(
            Map<K, NavigableMap<Timestamp, T>> byKey,
            Timestamp cutoff,
            Predicate<T> isTombstone,
            long budget,
            BiConsumer<K, Timestamp> onRemove) {
        long removed = 0;
        for (var groups = byKey.entrySet().iterator(); groups.hasNext() && removed < budget; ) {
            Map.Entry<K, NavigableMap<Timestamp, T>> group = groups.next();
            for (Timestamp ts : collectable(group.getValue(), cutoff, isTombstone)) {
                if (removed == budget) {
                    break;
                }
                group.getValue().remove(ts);
                onRemove.accept(group.getKey(), ts);
                removed++;
            }
            if (group.getValue().isEmpty()) {
                groups.remove();
            }
        }
        return removed;
    }

    /** The timestamps no read at or after {@code cutoff} can see, in ascending order. */
    private static <T> List<Timestamp> collectable(
            NavigableMap<Timestamp, T> revisions, Timestamp cutoff, Predicate<T> isTombstone) {
        Map.Entry<Timestamp, T> visibleAtCutoff = revisions.floorEntry(cutoff);
        if (visibleAtCutoff == null) {
            return List.of();
        }
        List<Timestamp> result = new ArrayList<>(
                revisions.headMap(visibleAtCutoff.getKey(), false).keySet());
        if (isTombstone.test(visibleAtCutoff.getValue())
                && visibleAtCutoff.getKey().equals(revisions.lastKey())) {
            result.add(visibleAtCutoff.getKey());
        }
        return result;
    }

    private NavigableMap<Timestamp, IndexEntry> revisions(IndexId index, IndexKey key) {
        return indexes.computeIfAbsent(index, i -> new TreeMap<>()).computeIfAbsent(key, k -> new TreeMap<>());
    }

    private DocumentLogEntry documentOf(IndexEntry entry) {
        return storedRevision(entry.documentId(), entry.ts())
                .filter(doc -> !doc.deleted())
                .orElseThrow(() -> new PersistenceException(
                        PersistenceException.STORE_CORRUPT,
                        "store " + store + ": index entry " + entry
                                + " points at no live document revision (was it read below a retention cutoff?)",
                        false));
    }

    private Optional<DocumentLogEntry> storedRevision(DocumentId id, Timestamp ts) {
        return Optional.ofNullable(documents.get(id)).map(revisions -> revisions.get(ts));
    }

    private boolean hasEntry(IndexId index, IndexKey key, Timestamp ts) {
        return Optional.ofNullable(indexes.get(index))
                .map(keys -> keys.get(key))
                .map(revisions -> revisions.containsKey(ts))
                .orElse(false);
    }

    private void rejectDuplicates(List<DocumentLogEntry> docs, List<IndexEntry> entries) {
        Set<RevisionKey> batchDocs = new HashSet<>();
        for (DocumentLogEntry doc : docs) {
            RevisionKey key = new RevisionKey(doc.id(), doc.ts());
            if (storedRevision(doc.id(), doc.ts()).isPresent() || !batchDocs.add(key)) {
                throw duplicate("document " + doc.id() + " already has a revision at " + doc.ts());
            }
        }
        Set<EntryKey> batchEntries = new HashSet<>();
        for (IndexEntry entry : entries) {
            EntryKey identity = new EntryKey(entry.indexId(), entry.key(), entry.ts());
            if (hasEntry(entry.indexId(), entry.key(), entry.ts()) || !batchEntries.add(identity)) {
                throw duplicate(
                        "index " + entry.indexId() + " already has an entry for " + entry.key() + " at " + entry.ts());
            }
        }
    }

    private void rejectDanglingEntries(List<DocumentLogEntry> docs, List<IndexEntry> entries) {
        Map<RevisionKey, Boolean> batchDeleted = new HashMap<>();
        docs.forEach(d -> batchDeleted.put(new RevisionKey(d.id(), d.ts()), d.deleted()));
        for (IndexEntry entry : entries) {
            if (entry.deleted()) {
                continue;
            }
            RevisionKey target = new RevisionKey(entry.documentId(), entry.ts());
            boolean deleted = batchDeleted.getOrDefault(
                    target,
                    storedRevision(entry.documentId(), entry.ts())
                            .map(DocumentLogEntry::deleted)
                            .orElse(true));
            if (deleted) {
                throw new IllegalArgumentException("store " + store + ": live index entry " + entry
                        + " points at no live revision of " + entry.documentId() + " at " + entry.ts());
            }
        }
    }

    private PersistenceException duplicate(String what) {
        return new PersistenceException(PersistenceException.DUPLICATE_REVISION, "store " + store + ": " + what, false);
    }

    /** The identity of an index entry: what {@link ConflictStrategy} compares. */
    private record EntryKey(IndexId index, IndexKey key, Timestamp ts) {}

    private void raiseMaxTimestamp(Timestamp ts) {
        if (maxTimestamp.isEmpty() || ts.compareTo(maxTimestamp.get()) > 0) {
            maxTimestamp = Optional.of(ts);
        }
    }
}
