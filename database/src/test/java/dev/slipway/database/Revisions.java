package dev.slipway.database;

import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Counts the document revisions a store holds, paging through {@link Persistence#loadDocuments}. */
final class Revisions {
    private static final int PAGE = 4_096;

    private Revisions() {}

    /** Revisions (tombstones included) with {@code from <= ts}, optionally of one table only. */
    static long count(Persistence store, Timestamp from, Optional<Integer> tableNumber) {
        long count = 0;
        Optional<DocumentCursor> after = Optional.empty();
        while (true) {
            List<DocumentLogEntry> page = store.loadDocuments(from, Timestamp.MAX, after, PAGE);
            for (DocumentLogEntry entry : page) {
                if (tableNumber.isEmpty() || entry.id().tableNumber() == tableNumber.get()) {
                    count++;
                }
            }
            if (page.size() < PAGE) {
                return count;
            }
            DocumentLogEntry last = page.getLast();
            after = Optional.of(new DocumentCursor(last.ts(), last.id()));
        }
    }

    /** The timestamps of every stored revision of {@code id}, oldest first. */
    static List<Timestamp> of(Persistence store, DocumentId id) {
        List<Timestamp> result = new ArrayList<>();
        Optional<DocumentCursor> after = Optional.empty();
        while (true) {
            List<DocumentLogEntry> page = store.loadDocuments(Timestamp.MIN, Timestamp.MAX, after, PAGE);
            page.stream().filter(e -> e.id().equals(id)).forEach(e -> result.add(e.ts()));
            if (page.size() < PAGE) {
                return result;
            }
            DocumentLogEntry last = page.getLast();
            after = Optional.of(new DocumentCursor(last.ts(), last.id()));
        }
    }
}
