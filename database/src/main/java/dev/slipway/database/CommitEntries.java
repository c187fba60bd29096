package dev.slipway.database;

import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.subscription.CommitKeys;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the writes of one commit into what persistence and the write log receive: one document
 * revision per written document (with {@code prevTs}) and, for every index of its table, a live entry
 * at the new key and a deleted entry at the old key when the document left it.
 */
final class CommitEntries {
    final List<DocumentLogEntry> documents = new ArrayList<>();
    final List<IndexEntry> indexEntries = new ArrayList<>();

    /** Adds the entries of {@code writes} committed at {@code ts}, with the indexes of {@code catalog}. */
    CommitKeys add(Timestamp ts, List<DocumentWrite> writes, Catalog catalog) {
        CommitKeys.Builder keys = CommitKeys.builder();
        for (DocumentWrite write : writes) {
            if (!write.isNoop()) {
                documents.add(revision(ts, write));
                addIndexEntries(ts, write, catalog, keys);
            }
        }
        return keys.build();
    }

    private static DocumentLogEntry revision(Timestamp ts, DocumentWrite write) {
        Optional<Timestamp> prevTs = write.base().map(DocumentLogEntry::ts);
        return write.after()
                .map(doc -> DocumentLogEntry.live(write.id(), ts, doc, prevTs))
                .orElseGet(() -> DocumentLogEntry.tombstone(write.id(), ts, prevTs.orElseThrow()));
    }

    private void addIndexEntries(Timestamp ts, DocumentWrite write, Catalog catalog, CommitKeys.Builder keys) {
        for (Catalog.Index index : catalog.indexes(write.id().tableNumber())) {
            Optional<IndexKey> oldKey = write.before().map(doc -> IndexKeys.of(index.definition(), doc, write.id()));
            Optional<IndexKey> newKey = write.after().map(doc -> IndexKeys.of(index.definition(), doc, write.id()));
            newKey.ifPresent(key -> {
                indexEntries.add(new IndexEntry(index.id(), key, ts, write.id(), false));
                keys.add(index.id(), key);
            });
            oldKey.filter(key -> !newKey.equals(Optional.of(key))).ifPresent(key -> {
                indexEntries.add(new IndexEntry(index.id(), key, ts, write.id(), true));
                keys.add(index.id(), key);
            });
        }
    }

    /** The stored value of a write, for callers that need sizes. */
    static long size(Optional<Value.Obj> doc) {
        return doc.map(Value::size).orElse(0L);
    }
}
