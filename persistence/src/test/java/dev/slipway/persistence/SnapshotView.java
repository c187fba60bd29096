package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a reader sees at one timestamp: each given document, and each given index scanned
 * whole in both directions (the descending scan reversed, so the two must agree).
 */
record SnapshotView(
        Timestamp ts, Map<DocumentId, Optional<DocumentLogEntry>> documents, Map<IndexId, List<IndexRow>> indexes) {

    /** More rows than any kit test writes, so that one page is the whole index. */
    static final int WHOLE = 100_000;

    static SnapshotView capture(Persistence store, Timestamp ts, List<DocumentId> ids, List<IndexId> indexIds) {
        Map<DocumentId, Optional<DocumentLogEntry>> documents = new LinkedHashMap<>();
        ids.forEach(id -> documents.put(id, store.get(id, ts)));
        Map<IndexId, List<IndexRow>> indexes = new LinkedHashMap<>();
        for (IndexId index : indexIds) {
            IndexPage ascending = store.scan(index, KeyRange.ALL, ts, Order.ASC, WHOLE);
            IndexPage descending = store.scan(index, KeyRange.ALL, ts, Order.DESC, WHOLE);
            List<IndexRow> reversed = new ArrayList<>(descending.rows()).reversed();
            if (!reversed.equals(ascending.rows()) || ascending.remaining().isPresent()) {
                throw new AssertionError("index " + index + " at " + ts + " of " + store.describe()
                        + ": descending scan is not the ascending one reversed:\n  asc  " + ascending + "\n  desc "
                        + descending);
            }
            indexes.put(index, ascending.rows());
        }
        return new SnapshotView(ts, documents, indexes);
    }
}
