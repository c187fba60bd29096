package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.INDEXES;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.key;

import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds batches that keep the promises callers make to a {@link Persistence}, the way the
 * database's committer would: it remembers the newest revision of every document, so a write links
 * {@code prevTs}, and every index of the table gets an entry at the write's timestamp (a live one
 * for the new key, a deleted one for a key the document left).
 */
public final class LogBuilder {
    private final Map<DocumentId, DocumentLogEntry> newest = new TreeMap<>();

    /** Starts a batch at {@code ts}; nothing is remembered until {@link Batch#writeTo}. */
    public Batch batch(long ts) {
        return new Batch(Timestamp.of(ts));
    }

    /** The newest revision of {@code id} written through this builder, tombstones included. */
    public Optional<DocumentLogEntry> newest(DocumentId id) {
        return Optional.ofNullable(newest.get(id));
    }

    /** The ids whose newest revision is live, in id order. */
    public List<DocumentId> liveIds() {
        return newest.values().stream()
                .filter(doc -> !doc.deleted())
                .map(DocumentLogEntry::id)
                .toList();
    }

    /** Every id ever written, in id order. */
    public List<DocumentId> allIds() {
        return List.copyOf(newest.keySet());
    }

    /** One batch at one timestamp; each document at most once. */
    public final class Batch {
        private final Timestamp ts;
        private final List<DocumentLogEntry> documents = new ArrayList<>();
        private final List<IndexEntry> entries = new ArrayList<>();
        private final Set<DocumentId> touched = new HashSet<>();

        private Batch(Timestamp ts) {
            this.ts = ts;
        }

        /** Inserts or replaces {@code id} with {@code value(a, b)}. */
        public Batch put(DocumentId id, long a, String b) {
            Optional<DocumentLogEntry> previous = touch(id);
            documents.add(
                    DocumentLogEntry.live(id, ts, ContractFixture.value(a, b), previous.map(DocumentLogEntry::ts)));
            for (int index : INDEXES) {
                IndexKey newKey = key(index, a, b, id);
                previous.flatMap(p -> keyOf(index, p))
                        .filter(oldKey -> !oldKey.equals(newKey))
                        .ifPresent(oldKey ->
                                entries.add(new IndexEntry(indexId(id.tableNumber(), index), oldKey, ts, id, true)));
                entries.add(new IndexEntry(indexId(id.tableNumber(), index), newKey, ts, id, false));
            }
            return this;
        }

        /** Deletes the live document {@code id}. */
        public Batch delete(DocumentId id) {
            DocumentLogEntry previous = touch(id)
                    .filter(p -> !p.deleted())
                    .orElseThrow(() -> new IllegalStateException("test bug: " + id + " is not live"));
            documents.add(DocumentLogEntry.tombstone(id, ts, previous.ts()));
            for (int index : INDEXES) {
                IndexKey oldKey = keyOf(index, previous).orElseThrow();
                entries.add(new IndexEntry(indexId(id.tableNumber(), index), oldKey, ts, id, true));
            }
            return this;
        }

        public List<DocumentLogEntry> documents() {
            return List.copyOf(documents);
        }

        public List<IndexEntry> indexEntries() {
            return List.copyOf(entries);
        }

        /** Writes the batch to each store with {@link ConflictStrategy#ERROR}, then remembers it. */
        public void writeTo(Persistence... stores) {
            for (Persistence store : stores) {
                store.write(documents, entries, ConflictStrategy.ERROR);
            }
            remember();
        }

        /** Remembers the batch as written (for a batch written by other means). */
        public void remember() {
            documents.forEach(doc -> newest.put(doc.id(), doc));
        }

        private Optional<DocumentLogEntry> touch(DocumentId id) {
            if (!touched.add(id)) {
                throw new IllegalStateException("test bug: " + id + " twice in one batch");
            }
            return newest(id);
        }
    }

    /** The key of a live revision in one index; empty for a tombstone. */
    static Optional<IndexKey> keyOf(int index, DocumentLogEntry doc) {
        return doc.value().map(value -> key(index, ContractFixture.a(doc), b(value), doc.id()));
    }

    private static String b(Value.Obj value) {
        if (!(value.fields().get("b") instanceof Value.Str(String b))) {
            throw new AssertionError("document " + value + " has no string field b");
        }
        return b;
    }
}
