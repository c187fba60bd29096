package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.BY_A;
import static dev.slipway.persistence.ContractFixture.BY_B;
import static dev.slipway.persistence.ContractFixture.docId;
import static dev.slipway.persistence.ContractFixture.equalA;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.key;
import static dev.slipway.persistence.ContractFixture.prefixOfB;
import static dev.slipway.persistence.ContractFixture.rangeA;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/** The index scan part of {@link AbstractPersistenceContractTest}. */
final class ScanChecks {
    private ScanChecks() {}

    /** Thirty documents in one table and one in another: both indexes, both orders, older reads, an unknown index. */
    static void bothOrders(Persistence store) {
        LogBuilder log = new LogBuilder();
        LogBuilder.Batch batch = log.batch(10);
        IntStream.range(0, 30).forEach(n -> batch.put(docId(1, n), (n * 7) % 11 - 5, "b" + (n % 4)));
        batch.put(docId(2, 0), 0, "other table");
        batch.writeTo(store);

        for (int index : ContractFixture.INDEXES) {
            List<IndexRow> expected = log.liveIds().stream()
                    .filter(id -> id.tableNumber() == 1)
                    .map(id -> log.newest(id).orElseThrow())
                    .map(doc -> new IndexRow(LogBuilder.keyOf(index, doc).orElseThrow(), doc))
                    .sorted(Comparator.comparing(IndexRow::key))
                    .toList();
            IndexPage asc = store.scan(indexId(1, index), KeyRange.ALL, ts(10), Order.ASC, 100);
            IndexPage desc = store.scan(indexId(1, index), KeyRange.ALL, Timestamp.MAX, Order.DESC, 100);
            assertThat(asc.rows()).containsExactlyElementsOf(expected);
            assertThat(desc.rows()).containsExactlyElementsOf(expected.reversed());
            assertThat(asc.remaining()).isEmpty();
            assertThat(desc.remaining()).isEmpty();
        }
        assertThat(store.scan(indexId(1, BY_A), KeyRange.ALL, ts(9), Order.ASC, 100)
                        .rows())
                .isEmpty();
        assertThat(store.scan(indexId(9, BY_A), KeyRange.ALL, Timestamp.MAX, Order.ASC, 100)
                        .rows())
                .as("an index nobody wrote")
                .isEmpty();
    }

    /** Equality, bounded and unbounded ranges, an empty range, string prefixes (including one that is a prefix of another). */
    static void keyRanges(Persistence store) {
        LogBuilder log = new LogBuilder();
        LogBuilder.Batch batch = log.batch(10);
        List<String> strings = List.of("", "a", "ab", "abc", "b", "ba", "é");
        IntStream.range(0, 21).forEach(n -> batch.put(docId(1, n), n % 7 - 3, strings.get(n % 7)));
        batch.writeTo(store);

        assertScanMatches(store, log, BY_A, equalA(-3), doc -> ContractFixture.a(doc) == -3);
        assertScanMatches(
                store, log, BY_A, rangeA(-1, 2), doc -> ContractFixture.a(doc) >= -1 && ContractFixture.a(doc) < 2);
        assertScanMatches(store, log, BY_A, rangeA(2, 2), doc -> false);
        assertScanMatches(store, log, BY_A, rangeA(4, 100), doc -> false);
        assertScanMatches(
                store,
                log,
                BY_A,
                new KeyRange(rangeA(0, 0).start(), Optional.empty()),
                doc -> ContractFixture.a(doc) >= 0);
        assertScanMatches(store, log, BY_B, prefixOfB("a"), doc -> bOf(doc).startsWith("a"));
        assertScanMatches(store, log, BY_B, prefixOfB("ab"), doc -> bOf(doc).startsWith("ab"));
        assertScanMatches(store, log, BY_B, prefixOfB("é"), doc -> bOf(doc).equals("é"));
        assertScanMatches(store, log, BY_B, prefixOfB(""), doc -> true);
    }

    /** A document that changes its key, then is deleted: at each timestamp it is under exactly one key, or none. */
    static void movedKey(Persistence store) {
        LogBuilder log = new LogBuilder();
        DocumentId id = docId(1, 1);
        log.batch(10).put(id, 1, "x").put(docId(1, 2), 3, "y").writeTo(store);
        DocumentLogEntry first = log.newest(id).orElseThrow();
        log.batch(20).put(id, 5, "x").writeTo(store);
        DocumentLogEntry moved = log.newest(id).orElseThrow();
        log.batch(30).delete(id).writeTo(store);

        IndexRow otherA = rowOf(log, BY_A, docId(1, 2));
        IndexRow otherB = rowOf(log, BY_B, docId(1, 2));
        assertThat(rowsOf(store, BY_A, ts(19))).containsExactly(new IndexRow(key(BY_A, 1, "x", id), first), otherA);
        assertThat(rowsOf(store, BY_A, ts(20))).containsExactly(otherA, new IndexRow(key(BY_A, 5, "x", id), moved));
        assertThat(rowsOf(store, BY_B, ts(25))).containsExactly(new IndexRow(key(BY_B, 5, "x", id), moved), otherB);
        assertThat(rowsOf(store, BY_A, ts(30))).containsExactly(otherA);
        assertThat(rowsOf(store, BY_B, Timestamp.MAX)).containsExactly(otherB);
        assertThat(rowsOf(store, BY_A, ts(9))).isEmpty();
    }

    /** A full page reports the rest of its range; the rest continues exactly there; a short page reports none. */
    static void limitAndRemaining(Persistence store) {
        LogBuilder log = new LogBuilder();
        LogBuilder.Batch batch = log.batch(10);
        IntStream.range(0, 10).forEach(n -> batch.put(docId(1, n), n, "b"));
        batch.writeTo(store);
        KeyRange range = rangeA(2, 8);

        for (Order order : Order.values()) {
            IndexPage page = store.scan(indexId(1, BY_A), range, ts(10), order, 4);
            assertThat(page.rows())
                    .extracting(row -> ContractFixture.a(row.document()))
                    .containsExactlyElementsOf(order == Order.ASC ? List.of(2L, 3L, 4L, 5L) : List.of(7L, 6L, 5L, 4L));
            assertThat(page.remaining())
                    .contains(range.remainingAfter(page.rows().getLast().key(), order));
            IndexPage rest = store.scan(indexId(1, BY_A), page.remaining().orElseThrow(), ts(10), order, 4);
            assertThat(rest.rows())
                    .extracting(row -> ContractFixture.a(row.document()))
                    .containsExactlyElementsOf(order == Order.ASC ? List.of(6L, 7L) : List.of(3L, 2L));
            assertThat(rest.remaining()).as("a page shorter than its limit").isEmpty();
            IndexPage exact = store.scan(indexId(1, BY_A), range, ts(10), order, 6);
            assertThat(exact.rows()).hasSize(6);
            exact.remaining().ifPresent(remaining -> {
                assertThat(remaining)
                        .isEqualTo(range.remainingAfter(exact.rows().getLast().key(), order));
                assertThat(store.scan(indexId(1, BY_A), remaining, ts(10), order, 6))
                        .isEqualTo(new IndexPage(List.of(), Optional.empty()));
            });
        }
    }

    /** Walking a scan page by page at a fixed timestamp, while newer batches arrive, gives the one big scan. */
    static void pageByPage(Persistence store) {
        LogBuilder log = new LogBuilder();
        for (int round = 0; round < 4; round++) {
            LogBuilder.Batch batch = log.batch(10 + round);
            long first = round * 12L;
            IntStream.range(0, 12).forEach(n -> batch.put(docId(1, first + n), n % 5, "r" + (n % 3)));
            batch.writeTo(store);
        }
        for (KeyRange range : List.of(KeyRange.ALL, rangeA(1, 4), prefixOfB("r1"))) {
            for (Order order : Order.values()) {
                for (int limit : List.of(1, 2, 5, 7)) {
                    int index = range.equals(prefixOfB("r1")) ? BY_B : BY_A;
                    IndexPage whole = store.scan(indexId(1, index), range, ts(12), order, SnapshotView.WHOLE);
                    List<IndexRow> walked = walk(store, indexId(1, index), range, ts(12), order, limit, log);
                    assertThat(walked)
                            .as("%s %s limit %d", range, order, limit)
                            .containsExactlyElementsOf(whole.rows());
                }
            }
        }
    }

    private static List<IndexRow> walk(
            Persistence store,
            IndexId index,
            KeyRange range,
            Timestamp readTs,
            Order order,
            int limit,
            LogBuilder log) {
        List<IndexRow> walked = new ArrayList<>();
        Optional<KeyRange> next = Optional.of(range);
        long laterTs = 1_000 + store.maxTimestamp().orElseThrow().nanos();
        for (int pages = 0; next.isPresent(); pages = ContractFixture.nextPage(pages, range)) {
            IndexPage page = store.scan(index, next.get(), readTs, order, limit);
            assertPageShape(store, index, next.get(), readTs, order, limit, page);
            walked.addAll(page.rows());
            next = page.remaining();
            // A write after the read timestamp must not disturb the walk.
            log.batch(laterTs++).put(docId(1, 10_000 + laterTs), 2, "r1").writeTo(store);
        }
        return walked;
    }

    /**
     * A page shorter than its limit has no remaining range; a full one has the rest of its range
     * after its last key, or none if nothing is left there (both are allowed then).
     */
    static void assertPageShape(
            Persistence store,
            IndexId index,
            KeyRange range,
            Timestamp readTs,
            Order order,
            int limit,
            IndexPage page) {
        assertThat(page.rows().size()).isLessThanOrEqualTo(limit);
        if (page.rows().size() < limit) {
            assertThat(page.remaining())
                    .as("remaining range of a page shorter than its limit")
                    .isEmpty();
            return;
        }
        KeyRange rest = range.remainingAfter(page.rows().getLast().key(), order);
        if (page.remaining().isPresent()) {
            assertThat(page.remaining()).as("remaining range of a full page").contains(rest);
        } else {
            assertThat(store.scan(index, rest, readTs, order, 1).rows())
                    .as("rows after a full page that reported no remaining range")
                    .isEmpty();
        }
    }

    private static void assertScanMatches(
            Persistence store, LogBuilder log, int index, KeyRange range, Predicate<DocumentLogEntry> inRange) {
        List<IndexRow> expected = log.liveIds().stream()
                .map(id -> log.newest(id).orElseThrow())
                .filter(inRange)
                .map(doc -> new IndexRow(LogBuilder.keyOf(index, doc).orElseThrow(), doc))
                .sorted(Comparator.comparing(IndexRow::key))
                .toList();
        assertThat(store.scan(indexId(1, index), range, Timestamp.MAX, Order.ASC, 100)
                        .rows())
                .as("%s ascending", range)
                .containsExactlyElementsOf(expected);
        assertThat(store.scan(indexId(1, index), range, Timestamp.MAX, Order.DESC, 100)
                        .rows())
                .as("%s descending", range)
                .containsExactlyElementsOf(expected.reversed());
    }

    private static List<IndexRow> rowsOf(Persistence store, int index, Timestamp readTs) {
        return store.scan(indexId(1, index), KeyRange.ALL, readTs, Order.ASC, 100)
                .rows();
    }

    private static IndexRow rowOf(LogBuilder log, int index, DocumentId id) {
        DocumentLogEntry doc = log.newest(id).orElseThrow();
        return new IndexRow(LogBuilder.keyOf(index, doc).orElseThrow(), doc);
    }

    private static String bOf(DocumentLogEntry doc) {
        return doc.value().orElseThrow().fields().get("b") instanceof Value.Str(String b) ? b : "";
    }
}
