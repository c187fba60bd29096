package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.BY_A;
import static dev.slipway.persistence.ContractFixture.BY_B;
import static dev.slipway.persistence.ContractFixture.docId;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.key;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Persistence} backend must pass (the Javadoc of {@link Persistence} is
 * the specification). A backend's test subclasses this and implements {@link #openStore}; that is
 * all. Every test opens fresh stores; after each test the kit closes every handle it opened and
 * drops every store it named.
 *
 * <p>The longer checks live next to this class: {@link ScanChecks}, {@link RetentionChecks}, {@link
 * ConcurrentReaders} and {@link RandomizedComparison} (which compares the backend with {@link MemoryPersistence} and a
 * {@link ScanningModel}, printing its seed on failure; set {@code -Dslipway.test.seed=<seed>} to
 * replay one).
 */
public abstract class AbstractPersistenceContractTest {

    /**
     * Opens the store called {@code name}, creating it empty if it does not exist.
     *
     * <ul>
     *   <li>Names are fresh for each test and run: 3–40 characters, lowercase ASCII letters, digits
     *       and underscores, starting with a letter (usable as a file name or a PostgreSQL schema).
     *   <li>Called again with the same name after the store's handle was closed, it must give the
     *       same data: that is how the kit checks durability across a reopen.
     *   <li>Called again after {@link Persistence#drop()}, it must give an empty store.
     * </ul>
     */
    protected abstract Persistence openStore(String name);

    /** How many operations the randomized comparison runs; a slow backend may lower it (not below 200). */
    protected int randomizedOperations() {
        return 800;
    }

    // ---------------------------------------------------------------- store lifecycle (kit side)

    private final String runToken = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36)
            .toLowerCase(Locale.ROOT);
    private final List<String> names = new ArrayList<>();
    private final List<Persistence> handles = new ArrayList<>();

    /** A fresh store name, unique to this test and run. */
    protected final String newName() {
        String name = "ct_" + runToken + "_" + names.size();
        names.add(name);
        return name;
    }

    /** Opens (or reopens) {@code name} through {@link #openStore}; the kit closes it after the test. */
    protected final Persistence open(String name) {
        Persistence store = openStore(name);
        handles.add(store);
        return store;
    }

    /** A fresh, empty store. */
    protected final Persistence newStore() {
        return open(newName());
    }

    /** Closes every handle, then drops every store the test named. */
    @AfterEach
    final void closeAndDropStores() {
        handles.forEach(Persistence::close);
        handles.clear();
        for (String name : names) {
            openStore(name).drop();
        }
        names.clear();
    }

    // ---------------------------------------------------------------- writes and reads of documents

    @Test
    void get_afterBatchWrite_returnsEveryDocumentFromItsTimestampOn() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        log.batch(10)
                .put(docId(1, 1), 1, "x")
                .put(docId(1, 2), 2, "y")
                .put(docId(2, 1), 3, "z")
                .writeTo(store);

        for (int n : List.of(1, 2)) {
            assertThat(store.get(docId(1, n), ts(10))).isEqualTo(log.newest(docId(1, n)));
            assertThat(store.get(docId(1, n), Timestamp.MAX)).isEqualTo(log.newest(docId(1, n)));
            assertThat(store.get(docId(1, n), ts(9))).isEmpty();
        }
        assertThat(store.get(docId(2, 1), ts(10)).map(ContractFixture::a)).contains(3L);
        assertThat(store.get(docId(1, 3), Timestamp.MAX)).isEmpty();
        assertThat(store.get(new DocumentId(3, docId(1, 1).internalId()), Timestamp.MAX))
                .as("same internal id in another table")
                .isEmpty();
    }

    @Test
    void get_betweenRevisions_returnsNewestAtOrBeforeReadTs() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        DocumentId id = docId(1, 7);
        for (long ts : List.of(10L, 20L, 30L)) {
            log.batch(ts).put(id, ts, "v").writeTo(store);
        }
        Map<Long, Optional<Long>> expected = new TreeMap<>(Map.of(
                0L,
                Optional.empty(),
                9L,
                Optional.empty(),
                10L,
                Optional.of(10L),
                19L,
                Optional.of(10L),
                20L,
                Optional.of(20L),
                29L,
                Optional.of(20L),
                30L,
                Optional.of(30L),
                Long.MAX_VALUE,
                Optional.of(30L)));
        expected.forEach(
                (readTs, writtenAt) -> assertThat(store.get(id, ts(readTs)).map(d -> d.ts().nanos()))
                        .as("read at %d", readTs)
                        .isEqualTo(writtenAt));
        assertThat(store.get(id, ts(25)).orElseThrow().prevTs()).contains(ts(10));
        assertThat(store.get(id, ts(25)).orElseThrow().value()).contains(ContractFixture.value(20, "v"));
    }

    @Test
    void get_deletedDocument_hiddenFromDeleteOnAndVisibleAgainWhenRecreated() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        DocumentId id = docId(1, 1);
        log.batch(10).put(id, 1, "a").writeTo(store);
        log.batch(20).delete(id).writeTo(store);
        log.batch(30).put(id, 3, "c").writeTo(store);

        assertThat(store.get(id, ts(19)).map(ContractFixture::a)).contains(1L);
        assertThat(store.get(id, ts(20))).isEmpty();
        assertThat(store.get(id, ts(29))).isEmpty();
        DocumentLogEntry recreated = store.get(id, ts(30)).orElseThrow();
        assertThat(recreated.prevTs()).contains(ts(20));
        assertThat(ContractFixture.a(recreated)).isEqualTo(3L);
    }

    @Test
    void write_emptyBatch_changesNothing() {
        Persistence store = newStore();
        store.write(List.of(), List.of(), ConflictStrategy.ERROR);
        assertThat(store.maxTimestamp()).isEmpty();
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10))
                .isEmpty();
    }

    @Test
    void write_largeBatch_isReadBackExactly() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        LogBuilder.Batch batch = log.batch(5);
        IntStream.range(0, 2_000).forEach(n -> batch.put(docId(1 + n % 3, n), n % 17, "s" + n));
        batch.writeTo(store);

        List<DocumentLogEntry> expected = batch.documents().stream()
                .sorted(Comparator.comparing(DocumentLogEntry::id))
                .toList();
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 5_000))
                .containsExactlyElementsOf(expected);
        IndexPage page = store.scan(indexId(2, BY_B), KeyRange.ALL, ts(5), Order.ASC, 5_000);
        assertThat(page.rows()).hasSize(667);
        assertThat(page.rows()).isSortedAccordingTo(Comparator.comparing(IndexRow::key));
    }

    @Test
    void write_everyKindOfValue_roundTripsExactly() {
        Persistence store = newStore();
        TreeMap<String, Value> nested = new TreeMap<>(Map.of("inner", new Value.Bytes(new byte[] {0, -1, 127})));
        TreeMap<String, Value> fields = new TreeMap<>();
        fields.put("null", Value.Null.INSTANCE);
        fields.put("int", new Value.Int64(Long.MIN_VALUE));
        fields.put("float", new Value.Float64(-0.0));
        fields.put("nan", new Value.Float64(Double.NaN));
        fields.put("inf", new Value.Float64(Double.NEGATIVE_INFINITY));
        fields.put("bool", new Value.Bool(true));
        fields.put("string", new Value.Str("é 日本 \uD83D\uDE00 \u0000 end"));
        fields.put("bytes", new Value.Bytes(new byte[0]));
        fields.put("array", new Value.Array(List.of(new Value.Int64(1), new Value.Obj(nested), Value.Null.INSTANCE)));
        DocumentLogEntry doc = DocumentLogEntry.live(docId(1, 1), ts(1), new Value.Obj(fields), Optional.empty());
        store.write(List.of(doc), List.of(), ConflictStrategy.ERROR);

        assertThat(store.get(docId(1, 1), ts(1))).contains(doc);
    }

    // ---------------------------------------------------------------- conflicts

    @Test
    void write_duplicateRevisionWithError_rejectsWholeBatchWithDuplicateRevision() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        log.batch(10).put(docId(1, 1), 1, "a").writeTo(store);
        LogBuilder.Batch clash =
                new LogBuilder().batch(10).put(docId(1, 2), 2, "b").put(docId(1, 1), 9, "z");

        assertThatThrownBy(() -> store.write(clash.documents(), clash.indexEntries(), ConflictStrategy.ERROR))
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION))
                .hasMessageContaining(store.describe());
        assertThat(store.get(docId(1, 2), Timestamp.MAX)).isEmpty();
        assertThat(store.get(docId(1, 1), Timestamp.MAX)).isEqualTo(log.newest(docId(1, 1)));
        assertThat(store.scan(indexId(1, BY_A), KeyRange.ALL, Timestamp.MAX, Order.ASC, 10)
                        .rows())
                .extracting(IndexRow::key)
                .containsExactly(key(BY_A, 1, "a", docId(1, 1)));
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10))
                .hasSize(1);
    }

    @Test
    void write_duplicateIndexEntryWithError_rejectsWholeBatchWithDuplicateRevision() {
        Persistence store = newStore();
        new LogBuilder().batch(10).put(docId(1, 1), 1, "a").writeTo(store);
        LogBuilder.Batch other = new LogBuilder().batch(10).put(docId(1, 2), 2, "b");
        List<IndexEntry> entries = new ArrayList<>(other.indexEntries());
        entries.add(new IndexEntry(indexId(1, BY_A), key(BY_A, 1, "a", docId(1, 1)), ts(10), docId(1, 1), true));

        assertThatThrownBy(() -> store.write(other.documents(), entries, ConflictStrategy.ERROR))
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION));
        assertThat(store.get(docId(1, 2), Timestamp.MAX)).isEmpty();
        assertThat(store.scan(indexId(1, BY_A), KeyRange.ALL, Timestamp.MAX, Order.ASC, 10)
                        .rows())
                .extracting(row -> row.document().id())
                .containsExactly(docId(1, 1));
    }

    @Test
    void write_duplicateWithOverwrite_replacesRevisionAndIndexEntries() {
        Persistence store = newStore();
        DocumentId id = docId(1, 1);
        new LogBuilder().batch(10).put(id, 1, "a").writeTo(store);
        DocumentLogEntry replacement =
                DocumentLogEntry.live(id, ts(10), ContractFixture.value(5, "a"), Optional.empty());
        List<IndexEntry> entries = List.of(
                new IndexEntry(indexId(1, BY_A), key(BY_A, 1, "a", id), ts(10), id, true),
                new IndexEntry(indexId(1, BY_A), key(BY_A, 5, "a", id), ts(10), id, false),
                new IndexEntry(indexId(1, BY_B), key(BY_B, 5, "a", id), ts(10), id, false));

        store.write(List.of(replacement), entries, ConflictStrategy.OVERWRITE);

        assertThat(store.get(id, ts(10))).contains(replacement);
        assertThat(store.scan(indexId(1, BY_A), KeyRange.ALL, ts(10), Order.ASC, 10)
                        .rows())
                .containsExactly(new IndexRow(key(BY_A, 5, "a", id), replacement));
        assertThat(store.scan(indexId(1, BY_B), KeyRange.ALL, ts(10), Order.ASC, 10)
                        .rows())
                .containsExactly(new IndexRow(key(BY_B, 5, "a", id), replacement));
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10))
                .containsExactly(replacement);
    }

    // ---------------------------------------------------------------- index scans

    @Test
    void scan_bothOrders_returnLiveEntriesInKeyOrderWithTheirRevisions() {
        ScanChecks.bothOrders(newStore());
    }

    @Test
    void scan_keyRanges_selectExactlyTheKeysInside() {
        ScanChecks.keyRanges(newStore());
    }

    @Test
    void scan_documentMovedKey_appearsOnlyUnderItsKeyAtEachTimestamp() {
        ScanChecks.movedKey(newStore());
    }

    @Test
    void scan_limit_cutsPageAndRemainingIsTheRestOfTheRange() {
        ScanChecks.limitAndRemaining(newStore());
    }

    @Test
    void scan_pageByPageAtFixedTimestamp_equalsOneBigScanDespiteLaterWrites() {
        ScanChecks.pageByPage(newStore());
    }

    // ---------------------------------------------------------------- the log, previous revisions, globals

    @Test
    void loadDocuments_returnsRevisionsInTsThenIdOrderIncludingTombstones() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        List<DocumentLogEntry> written = writeHistory(store, log);

        List<DocumentLogEntry> inOrder = written.stream()
                .sorted(Comparator.comparing(DocumentLogEntry::ts).thenComparing(DocumentLogEntry::id))
                .toList();
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000))
                .containsExactlyElementsOf(inOrder);
        assertThat(store.loadDocuments(ts(20), ts(40), Optional.empty(), 1_000))
                .containsExactlyElementsOf(inOrder.stream()
                        .filter(d -> d.ts().nanos() >= 20 && d.ts().nanos() < 40)
                        .toList());
        assertThat(store.loadDocuments(ts(40), ts(40), Optional.empty(), 1_000)).isEmpty();
        assertThat(store.loadDocuments(ts(10), ts(11), Optional.empty(), 3))
                .containsExactlyElementsOf(inOrder.subList(0, 3));
    }

    @Test
    void loadDocuments_pagedWithCursor_resumesRightAfterTheCursor() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        writeHistory(store, log);
        List<DocumentLogEntry> all = store.loadDocuments(ts(15), Timestamp.MAX, Optional.empty(), 1_000);

        for (int limit : List.of(1, 2, 3, 7)) {
            List<DocumentLogEntry> walked = new ArrayList<>();
            Optional<DocumentCursor> cursor = Optional.empty();
            for (int pages = 0; ; pages = ContractFixture.nextPage(pages, "loadDocuments")) {
                List<DocumentLogEntry> page = store.loadDocuments(ts(15), Timestamp.MAX, cursor, limit);
                assertThat(page.size()).isLessThanOrEqualTo(limit);
                walked.addAll(page);
                if (page.isEmpty()) {
                    break;
                }
                cursor = Optional.of(
                        new DocumentCursor(page.getLast().ts(), page.getLast().id()));
            }
            assertThat(walked).as("limit %d", limit).containsExactlyElementsOf(all);
        }
        DocumentLogEntry middle = all.get(all.size() / 2);
        assertThat(store.loadDocuments(
                        Timestamp.MIN, Timestamp.MAX, Optional.of(new DocumentCursor(middle.ts(), middle.id())), 1_000))
                .containsExactlyElementsOf(all.subList(all.size() / 2 + 1, all.size()));
    }

    @Test
    void previousRevisions_returnNewestStrictlyBeforeIncludingTombstones() {
        Persistence store = newStore();
        LogBuilder log = new LogBuilder();
        DocumentId id = docId(1, 1);
        DocumentId other = docId(1, 2);
        log.batch(10).put(id, 1, "a").put(other, 1, "o").writeTo(store);
        DocumentLogEntry first = log.newest(id).orElseThrow();
        log.batch(20).delete(id).writeTo(store);
        DocumentLogEntry tombstone = log.newest(id).orElseThrow();
        log.batch(30).put(id, 3, "a").writeTo(store);
        DocumentLogEntry third = log.newest(id).orElseThrow();

        List<RevisionKey> keys = List.of(
                new RevisionKey(id, ts(10)),
                new RevisionKey(id, ts(11)),
                new RevisionKey(id, ts(20)),
                new RevisionKey(id, ts(21)),
                new RevisionKey(id, ts(30)),
                new RevisionKey(id, Timestamp.MAX),
                new RevisionKey(other, ts(40)),
                new RevisionKey(docId(1, 3), ts(40)));
        assertThat(store.previousRevisions(keys))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        new RevisionKey(id, ts(11)),
                        first,
                        new RevisionKey(id, ts(20)),
                        first,
                        new RevisionKey(id, ts(21)),
                        tombstone,
                        new RevisionKey(id, ts(30)),
                        tombstone,
                        new RevisionKey(id, Timestamp.MAX),
                        third,
                        new RevisionKey(other, ts(40)),
                        log.newest(other).orElseThrow()));
        assertThat(store.previousRevisions(List.of())).isEmpty();
    }

    @Test
    void maxTimestamp_afterWrites_isLargestOfDocumentsAndIndexEntries() {
        Persistence store = newStore();
        assertThat(store.maxTimestamp()).isEmpty();
        new LogBuilder().batch(10).put(docId(1, 1), 1, "a").writeTo(store);
        assertThat(store.maxTimestamp()).contains(ts(10));
        new LogBuilder().batch(20).put(docId(1, 2), 1, "a").writeTo(store);
        assertThat(store.maxTimestamp()).contains(ts(20));
        IndexEntry lone = new IndexEntry(indexId(1, BY_A), key(BY_A, 99, "", docId(1, 9)), ts(25), docId(1, 9), true);
        store.write(List.of(), List.of(lone), ConflictStrategy.ERROR);
        assertThat(store.maxTimestamp()).contains(ts(25));
    }

    @Test
    void globals_setOverwriteAndMissing() {
        Persistence store = newStore();
        assertThat(store.global("missing")).isEmpty();
        store.writeGlobal("k", "v1");
        store.writeGlobal("other", "");
        assertThat(store.global("k")).contains("v1");
        store.writeGlobal("k", "v2 é");
        assertThat(store.global("k")).contains("v2 é");
        assertThat(store.global("other")).contains("");
        assertThat(store.global("K")).isEmpty();
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void reopen_afterClose_keepsDocumentsIndexesGlobalsAndMaxTimestamp() {
        String name = newName();
        Persistence store = open(name);
        LogBuilder log = new LogBuilder();
        writeHistory(store, log);
        store.writeGlobal("k", "v");
        List<DocumentId> ids = log.allIds();
        List<IndexId> indexes = List.of(indexId(1, BY_A), indexId(1, BY_B), indexId(2, BY_A));
        SnapshotView before = SnapshotView.capture(store, Timestamp.MAX, ids, indexes);
        List<DocumentLogEntry> logBefore = store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000);
        store.close();
        store.close();

        Persistence reopened = open(name);
        assertThat(SnapshotView.capture(reopened, Timestamp.MAX, ids, indexes)).isEqualTo(before);
        assertThat(reopened.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1_000))
                .isEqualTo(logBefore);
        assertThat(reopened.global("k")).contains("v");
        assertThat(reopened.maxTimestamp()).contains(ts(40));
    }

    @Test
    void close_thenEveryOperation_failsWithStoreClosed() {
        Persistence store = newStore();
        new LogBuilder().batch(10).put(docId(1, 1), 1, "a").writeTo(store);
        store.close();
        store.close();

        List<ThrowingCallable> calls = List.of(
                () -> store.write(List.of(), List.of(), ConflictStrategy.ERROR),
                () -> store.get(docId(1, 1), Timestamp.MAX),
                () -> store.scan(indexId(1, BY_A), KeyRange.ALL, Timestamp.MAX, Order.ASC, 1),
                () -> store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 1),
                () -> store.previousRevisions(List.of(new RevisionKey(docId(1, 1), Timestamp.MAX))),
                store::maxTimestamp,
                () -> store.global("k"),
                () -> store.writeGlobal("k", "v"),
                () -> store.deleteShadowedRevisions(ts(5), 10));
        calls.forEach(call -> assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.STORE_CLOSED)));
    }

    @Test
    void drop_removesDataClosesHandleAndLeavesOtherStoresAlone() {
        String name = newName();
        Persistence store = open(name);
        Persistence neighbour = newStore();
        LogBuilder log = new LogBuilder();
        log.batch(10).put(docId(1, 1), 1, "a").writeTo(store, neighbour);
        store.writeGlobal("k", "v");
        neighbour.writeGlobal("k", "v");

        store.drop();

        assertThatThrownBy(() -> store.get(docId(1, 1), Timestamp.MAX))
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.STORE_CLOSED));
        Persistence again = open(name);
        assertThat(again.get(docId(1, 1), Timestamp.MAX)).isEmpty();
        assertThat(again.scan(indexId(1, BY_A), KeyRange.ALL, Timestamp.MAX, Order.ASC, 10)
                        .rows())
                .isEmpty();
        assertThat(again.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10))
                .isEmpty();
        assertThat(again.maxTimestamp()).isEmpty();
        assertThat(again.global("k")).isEmpty();
        assertThat(neighbour.get(docId(1, 1), Timestamp.MAX)).isEqualTo(log.newest(docId(1, 1)));
        assertThat(neighbour.global("k")).contains("v");
        new LogBuilder().batch(5).put(docId(1, 1), 1, "a").writeTo(again);
        assertThat(again.maxTimestamp()).contains(ts(5));
    }

    // ---------------------------------------------------------------- retention

    @Test
    void deleteShadowedRevisions_removesExactlyShadowedRevisionsAndNewestTombstones() {
        RetentionChecks.removesExactlyWhatTheContractNames(newStore());
    }

    @Test
    void deleteShadowedRevisions_pageByPage_neverChangesAnyReadAtOrAfterCutoff() {
        RetentionChecks.neverChangesReadsAtOrAfterCutoff(newStore());
    }

    @Test
    void deleteShadowedRevisions_smallLimit_removesSameTotalAsOneBigPass() {
        RetentionChecks.pagedPassEqualsBigPass(newStore(), newStore());
    }

    @Test
    void deleteShadowedRevisions_repeatedUpdates_keepsStorageBounded() {
        RetentionChecks.storageStaysBounded(newStore());
    }

    // ---------------------------------------------------------------- concurrency and the randomized comparison

    @Test
    void readers_concurrentWithWriter_seeStableSnapshotsAndWholeBatches() throws Exception {
        ConcurrentReaders.run(newStore());
    }

    @Test
    void randomizedOperations_matchMemoryPersistenceAndTheScanningModel() {
        RandomizedComparison.run(newStore(), randomizedOperations());
    }

    // ---------------------------------------------------------------- helpers

    /** Ten batches at ts 10, 13, …, 37 and 40 over two tables: inserts, updates, key moves and deletes. */
    static List<DocumentLogEntry> writeHistory(Persistence store, LogBuilder log) {
        List<DocumentLogEntry> written = new ArrayList<>();
        for (int step = 0; step < 11; step++) {
            LogBuilder.Batch batch = log.batch(step == 10 ? 40 : 10 + 3L * step);
            for (int n = 0; n < 6; n++) {
                DocumentId id = docId(1 + n % 2, (step * 3L + n) % 9);
                boolean live = log.newest(id).filter(d -> !d.deleted()).isPresent();
                if (live && (step + n) % 4 == 0) {
                    batch.delete(id);
                } else {
                    batch.put(id, (step + n) % 5, "s" + (n % 3));
                }
            }
            written.addAll(batch.documents());
            batch.writeTo(store);
        }
        return written;
    }
}
