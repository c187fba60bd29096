package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The contract written as plainly as possible, to check {@link MemoryPersistence} and every backend
 * against: every revision sits in one list and every read is a full pass over it. Only for tests;
 * every method is synchronized.
 */
final class ScanningModel implements Persistence {
    private static final Comparator<DocumentLogEntry> LOG_ORDER =
            Comparator.comparing(DocumentLogEntry::ts).thenComparing(DocumentLogEntry::id);

    private final List<DocumentLogEntry> documents = new ArrayList<>();
    private final List<IndexEntry> entries = new ArrayList<>();
    private final Map<String, String> globals = new HashMap<>();
    private Optional<Timestamp> maxTimestamp = Optional.empty();

    @Override
    public String describe() {
        return "scanning-model";
    }

    @Override
    public synchronized void write(
            List<DocumentLogEntry> newDocuments, List<IndexEntry> newEntries, ConflictStrategy conflict) {
        if (conflict == ConflictStrategy.ERROR && hasDuplicates(newDocuments, newEntries)) {
            throw new PersistenceException(PersistenceException.DUPLICATE_REVISION, describe() + ": duplicate", false);
        }
        for (DocumentLogEntry doc : newDocuments) {
            documents.removeIf(old -> old.id().equals(doc.id()) && old.ts().equals(doc.ts()));
            documents.add(doc);
            raise(doc.ts());
        }
        for (IndexEntry entry : newEntries) {
            entries.removeIf(old -> sameSlot(old, entry));
            entries.add(entry);
            raise(entry.ts());
        }
    }

    @Override
    public synchronized Optional<DocumentLogEntry> get(DocumentId id, Timestamp readTs) {
        return documents.stream()
                .filter(doc -> doc.id().equals(id) && doc.ts().compareTo(readTs) <= 0)
                .max(Comparator.comparing(DocumentLogEntry::ts))
                .filter(doc -> !doc.deleted());
    }

    @Override
    public synchronized IndexPage scan(IndexId index, KeyRange range, Timestamp readTs, Order order, int limit) {
        Comparator<IndexKey> keyOrder = order == Order.ASC ? Comparator.naturalOrder() : Comparator.reverseOrder();
        List<IndexKey> keys = entries.stream()
                .filter(e -> e.indexId().equals(index) && range.contains(e.key()))
                .map(IndexEntry::key)
                .distinct()
                .sorted(keyOrder)
                .toList();
        List<IndexRow> rows = new ArrayList<>();
        for (IndexKey key : keys) {
            Optional<IndexEntry> visible = entries.stream()
                    .filter(e -> e.indexId().equals(index) && e.key().equals(key) && e.ts().compareTo(readTs) <= 0)
                    .max(Comparator.comparing(IndexEntry::ts));
            if (visible.isPresent() && !visible.get().deleted()) {
                rows.add(new IndexRow(
                        key, revision(visible.get().documentId(), visible.get().ts())));
                if (rows.size() == limit) {
                    return new IndexPage(rows, Optional.of(range.remainingAfter(key, order)));
                }
            }
        }
        return new IndexPage(rows, Optional.empty());
    }

    @Override
    public synchronized List<DocumentLogEntry> loadDocuments(
            Timestamp fromInclusive, Timestamp toExclusive, Optional<DocumentCursor> after, int limit) {
        return documents.stream()
                .filter(doc ->
                        doc.ts().compareTo(fromInclusive) >= 0 && doc.ts().compareTo(toExclusive) < 0)
                .filter(doc -> after.map(a -> isAfter(doc, a)).orElse(true))
                .sorted(LOG_ORDER)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Map<RevisionKey, DocumentLogEntry> previousRevisions(Collection<RevisionKey> keys) {
        Map<RevisionKey, DocumentLogEntry> result = new LinkedHashMap<>();
        for (RevisionKey key : keys) {
            documents.stream()
                    .filter(doc -> doc.id().equals(key.id()) && doc.ts().compareTo(key.ts()) < 0)
                    .max(Comparator.comparing(DocumentLogEntry::ts))
                    .ifPresent(doc -> result.put(key, doc));
        }
        return result;
    }

    @Override
    public synchronized Optional<Timestamp> maxTimestamp() {
        return maxTimestamp;
    }

    @Override
    public synchronized Optional<String> global(String key) {
        return Optional.ofNullable(globals.get(key));
    }

    @Override
    public synchronized void writeGlobal(String key, String value) {
        globals.put(key, value);
    }

    /** Removes collectable revisions in ascending timestamp order, documents before index entries. */
    @Override
    public synchronized RetentionResult deleteShadowedRevisions(Timestamp cutoff, int limit) {
        List<DocumentLogEntry> doomedDocuments = documents.stream()
                .filter(doc -> collectable(
                        doc.ts(),
                        doc.deleted(),
                        cutoff,
                        documents.stream().filter(o -> o.id().equals(doc.id())).map(DocumentLogEntry::ts)))
                .sorted(Comparator.comparing(DocumentLogEntry::ts))
                .limit(limit)
                .toList();
        List<IndexEntry> doomedEntries = entries.stream()
                .filter(entry -> collectable(
                        entry.ts(),
                        entry.deleted(),
                        cutoff,
                        entries.stream().filter(o -> sameKey(o, entry)).map(IndexEntry::ts)))
                .sorted(Comparator.comparing(IndexEntry::ts))
                .limit(limit - doomedDocuments.size())
                .toList();
        documents.removeAll(doomedDocuments);
        entries.removeAll(doomedEntries);
        return new RetentionResult(doomedDocuments.size(), doomedEntries.size());
    }

    @Override
    public synchronized void drop() {
        documents.clear();
        entries.clear();
        globals.clear();
    }

    @Override
    public void close() {}

    /**
     * Whether a revision at {@code ts} of a key whose revisions are at {@code allTs} is invisible to
     * every read at or after {@code cutoff}.
     */
    private static boolean collectable(Timestamp ts, boolean tombstone, Timestamp cutoff, Stream<Timestamp> allTs) {
        List<Timestamp> all = allTs.toList();
        boolean shadowed =
                ts.compareTo(cutoff) < 0 && all.stream().anyMatch(t -> t.compareTo(ts) > 0 && t.compareTo(cutoff) <= 0);
        boolean newest = all.stream().allMatch(t -> t.compareTo(ts) <= 0);
        return shadowed || (tombstone && ts.compareTo(cutoff) <= 0 && newest);
    }

    private DocumentLogEntry revision(DocumentId id, Timestamp ts) {
        return documents.stream()
                .filter(doc -> doc.id().equals(id) && doc.ts().equals(ts))
                .findFirst()
                .orElseThrow(() -> new AssertionError("model: index entry points at missing " + id + "@" + ts));
    }

    private boolean hasDuplicates(List<DocumentLogEntry> newDocuments, List<IndexEntry> newEntries) {
        Predicate<DocumentLogEntry> docClash = doc -> Stream.concat(documents.stream(), newDocuments.stream())
                        .filter(o -> o.id().equals(doc.id()) && o.ts().equals(doc.ts()))
                        .count()
                > 1;
        Predicate<IndexEntry> entryClash = entry -> Stream.concat(entries.stream(), newEntries.stream())
                        .filter(o -> sameSlot(o, entry))
                        .count()
                > 1;
        return newDocuments.stream().anyMatch(docClash) || newEntries.stream().anyMatch(entryClash);
    }

    private static boolean isAfter(DocumentLogEntry doc, DocumentCursor cursor) {
        int byTs = doc.ts().compareTo(cursor.ts());
        return byTs > 0 || (byTs == 0 && doc.id().compareTo(cursor.id()) > 0);
    }

    private static boolean sameKey(IndexEntry a, IndexEntry b) {
        return a.indexId().equals(b.indexId()) && a.key().equals(b.key());
    }

    private static boolean sameSlot(IndexEntry a, IndexEntry b) {
        return sameKey(a, b) && a.ts().equals(b.ts());
    }

    private void raise(Timestamp ts) {
        if (maxTimestamp.isEmpty() || ts.compareTo(maxTimestamp.get()) > 0) {
            maxTimestamp = Optional.of(ts);
        }
    }
}
