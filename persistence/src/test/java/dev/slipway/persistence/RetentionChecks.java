package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.docId;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.DocumentId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The retention part of {@link AbstractPersistenceContractTest}. */
final class RetentionChecks {
    private static final List<IndexId> INDEXES = List.of(
            indexId(1, ContractFixture.BY_A),
            indexId(1, ContractFixture.BY_B),
            indexId(2, ContractFixture.BY_A),
            indexId(2, ContractFixture.BY_B));

    private RetentionChecks() {}

    /**
     * A hand-made history around cutoff 25, one document per case, with the counts worked out by
     * hand: shadowed revisions go, the revision visible at the cutoff stays, a tombstone goes only
     * when it is at or before the cutoff and newest.
     */
    static void removesExactlyWhatTheContractNames(Persistence store) {
        LogBuilder log = new LogBuilder();
        DocumentId x = docId(1, 1); // 10, 20, 30: 10 goes (1 revision, 2 entries)
        DocumentId y = docId(1, 2); // 10, deleted 20: both go (2 revisions, 4 entries)
        DocumentId z = docId(1, 3); // 10, deleted 30: nothing goes
        DocumentId w = docId(1, 4); // 10, deleted 15, 30 same keys: 10 goes, tombstone 15 stays (1, 2)
        DocumentId v = docId(1, 5); // 25 only: stays
        DocumentId u = docId(1, 6); // 10, 25 with a new a-key: 10 goes, old a-key's entries go (1, 3)
        DocumentId t = docId(1, 7); // 10, deleted 25 (at the cutoff): both go (2, 4)
        DocumentId s = docId(1, 8); // 26, 30: after the cutoff, stays
        log.batch(10)
                .put(x, 1, "x")
                .put(y, 2, "y")
                .put(z, 3, "z")
                .put(w, 4, "w")
                .put(u, 6, "u")
                .put(t, 7, "t")
                .writeTo(store);
        log.batch(15).delete(w).writeTo(store);
        log.batch(20).put(x, 1, "x").delete(y).writeTo(store);
        log.batch(25).put(v, 5, "v").put(u, 60, "u").delete(t).writeTo(store);
        log.batch(26).put(s, 8, "s").writeTo(store);
        log.batch(30).put(x, 1, "x").delete(z).put(w, 4, "w").put(s, 8, "s").writeTo(store);
        List<DocumentLogEntry> before = store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000);
        List<SnapshotView> views = captureFrom(store, 25, 30, log.allIds());

        assertThat(store.deleteShadowedRevisions(ts(25), 1_000)).isEqualTo(new RetentionResult(7, 15));
        assertThat(store.deleteShadowedRevisions(ts(25), 1_000)).isEqualTo(new RetentionResult(0, 0));
        assertThat(store.deleteShadowedRevisions(ts(20), 1_000)).isEqualTo(new RetentionResult(0, 0));

        List<DocumentLogEntry> removed = before.stream()
                .filter(doc -> (doc.ts().nanos() == 10 && !doc.id().equals(z))
                        || (doc.ts().nanos() == 20 && doc.id().equals(y))
                        || (doc.ts().nanos() == 25 && doc.id().equals(t)))
                .toList();
        assertThat(removed).hasSize(7);
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000))
                .containsExactlyElementsOf(
                        before.stream().filter(doc -> !removed.contains(doc)).toList());
        assertThat(captureFrom(store, 25, 30, log.allIds())).isEqualTo(views);
    }

    /**
     * A seeded random history, collected at rising cutoffs in small pages; at the first two cutoffs
     * the view at the cutoff is unchanged after every page (that catches a tombstone removed before
     * what it hides), after every pass every view at or after the cutoff, and the store agrees with
     * the {@link ScanningModel} on what went.
     */
    static void neverChangesReadsAtOrAfterCutoff(Persistence store) {
        ScanningModel model = new ScanningModel();
        LogBuilder log = new LogBuilder();
        long max = randomHistory(new Random(42), log, 60, store, model);
        for (long cutoff : List.of(12L, 30L, 31L, 50L, max)) {
            boolean everyPage = cutoff <= 30;
            int limit = cutoff == 12 ? 1 : everyPage ? 2 : 5;
            List<SnapshotView> views = captureFrom(store, cutoff, max, log.allIds());
            RetentionResult total = new RetentionResult(0, 0);
            for (int pages = 0; ; pages = ContractFixture.nextPage(pages, "retention at " + cutoff)) {
                RetentionResult page = store.deleteShadowedRevisions(ts(cutoff), limit);
                assertThat(page.total()).as("page at cutoff %d", cutoff).isBetween(0L, (long) limit);
                if (page.total() == 0) {
                    break;
                }
                total = plus(total, page);
                if (everyPage) {
                    assertThat(SnapshotView.capture(store, ts(cutoff), log.allIds(), INDEXES))
                            .as("view at the cutoff %d after a page", cutoff)
                            .isEqualTo(views.getFirst());
                }
            }
            assertThat(captureFrom(store, cutoff, max, log.allIds())).isEqualTo(views);
            assertThat(total).as("removed at cutoff %d", cutoff).isEqualTo(passOf(model, cutoff, 1_000_000));
            assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10_000))
                    .isEqualTo(model.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10_000));
        }
    }

    /** The same history in two stores: paged with limit 3 and in one big page, the same goes. */
    static void pagedPassEqualsBigPass(Persistence paged, Persistence big) {
        LogBuilder log = new LogBuilder();
        long max = randomHistory(new Random(7), log, 40, paged, big);
        RetentionResult inPages = passOf(paged, 30, 3);
        RetentionResult inOne = passOf(big, 30, 1_000_000);
        assertThat(inPages).isEqualTo(inOne);
        assertThat(inPages.total()).isPositive();
        assertThat(paged.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10_000))
                .isEqualTo(big.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10_000));
        assertThat(captureFrom(paged, 30, max, log.allIds())).isEqualTo(captureFrom(big, 30, max, log.allIds()));
    }

    /**
     * Five documents updated 100 times with moving keys, collected every 20 updates at the newest
     * timestamp: exactly the newest revisions stay, then nothing once all are deleted.
     */
    static void storageStaysBounded(Persistence store) {
        LogBuilder log = new LogBuilder();
        List<DocumentId> ids = List.of(docId(1, 1), docId(1, 2), docId(1, 3), docId(1, 4), docId(1, 5));
        long entriesWritten = 0;
        RetentionResult removed = new RetentionResult(0, 0);
        for (int round = 1; round <= 100; round++) {
            LogBuilder.Batch batch = log.batch(round);
            for (DocumentId id : ids) {
                batch.put(id, round % 7, "b" + round % 3);
            }
            entriesWritten += batch.indexEntries().size();
            batch.writeTo(store);
            if (round % 20 == 0) {
                removed = plus(removed, passOf(store, round, 50));
                assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000))
                        .containsExactlyInAnyOrderElementsOf(ids.stream()
                                .map(id -> log.newest(id).orElseThrow())
                                .toList());
            }
        }
        assertThat(removed).isEqualTo(new RetentionResult(5 * 100 - 5, entriesWritten - 2 * 5));

        LogBuilder.Batch deletion = log.batch(101);
        ids.forEach(deletion::delete);
        entriesWritten += deletion.indexEntries().size();
        deletion.writeTo(store);
        removed = plus(removed, passOf(store, 101, 50));
        assertThat(removed).isEqualTo(new RetentionResult(5 * 101, entriesWritten));
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000))
                .isEmpty();
        assertThat(SnapshotView.capture(store, Timestamp.MAX, ids, INDEXES)
                        .indexes()
                        .values())
                .allSatisfy(rows -> assertThat(rows).isEmpty());
    }

    /**
     * Writes {@code batches} batches at timestamps 1, 2, … to every store: inserts, updates that
     * often move keys, deletes and re-creations over two tables. Returns the last timestamp.
     */
    static long randomHistory(Random random, LogBuilder log, int batches, Persistence... stores) {
        for (int ts = 1; ts <= batches; ts++) {
            LogBuilder.Batch batch = log.batch(ts);
            List<DocumentId> touched = new ArrayList<>();
            int operations = 1 + random.nextInt(4);
            for (int i = 0; i < operations; i++) {
                DocumentId id = docId(1 + random.nextInt(2), random.nextInt(12));
                if (touched.contains(id)) {
                    continue;
                }
                touched.add(id);
                boolean live = log.newest(id).filter(doc -> !doc.deleted()).isPresent();
                if (live && random.nextInt(4) == 0) {
                    batch.delete(id);
                } else {
                    batch.put(id, random.nextInt(5), List.of("", "a", "ab", "b").get(random.nextInt(4)));
                }
            }
            batch.writeTo(stores);
        }
        return batches;
    }

    /** Collects at {@code cutoff} until a page removes nothing; returns the sum. */
    static RetentionResult passOf(Persistence store, long cutoff, int limit) {
        RetentionResult total = new RetentionResult(0, 0);
        for (int pages = 0; ; pages = ContractFixture.nextPage(pages, "retention at " + cutoff)) {
            RetentionResult page = store.deleteShadowedRevisions(ts(cutoff), limit);
            assertThat(page.total()).as("removed by one page").isBetween(0L, (long) limit);
            if (page.total() == 0) {
                return total;
            }
            total = plus(total, page);
        }
    }

    private static List<SnapshotView> captureFrom(Persistence store, long cutoff, long max, List<DocumentId> ids) {
        return List.of(cutoff, cutoff + 1, (cutoff + max) / 2, max, Long.MAX_VALUE).stream()
                .map(readTs -> SnapshotView.capture(store, ts(readTs), ids, INDEXES))
                .toList();
    }

    private static RetentionResult plus(RetentionResult a, RetentionResult b) {
        return new RetentionResult(
                a.documentRevisionsRemoved() + b.documentRevisionsRemoved(),
                a.indexEntriesRemoved() + b.indexEntriesRemoved());
    }
}
