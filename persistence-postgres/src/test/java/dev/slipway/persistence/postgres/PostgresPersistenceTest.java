package dev.slipway.persistence.postgres;

import static dev.slipway.persistence.postgres.Fixtures.INDEX;
import static dev.slipway.persistence.postgres.Fixtures.bytes;
import static dev.slipway.persistence.postgres.Fixtures.doc;
import static dev.slipway.persistence.postgres.Fixtures.entry;
import static dev.slipway.persistence.postgres.Fixtures.live;
import static dev.slipway.persistence.postgres.Fixtures.obj;
import static dev.slipway.persistence.postgres.Fixtures.removed;
import static dev.slipway.persistence.postgres.Fixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.IndexRow;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.PersistenceException;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What is particular to PostgreSQL: byte order of keys, chunked scans, long keys, the SQL mapping. */
@Tag("postgres")
class PostgresPersistenceTest {
    private String schema = "";
    private PostgresPersistence store;

    @BeforeEach
    void openStore() {
        schema = PostgresTestServer.freshSchema("pt");
        store = PostgresTestServer.open(schema);
    }

    @AfterEach
    void dropStore() {
        store.close();
        PostgresTestServer.dropSchema(schema);
    }

    @Test
    void get_severalRevisions_returnsNewestAtOrBeforeReadTs() {
        DocumentId id = doc(1);
        store.write(List.of(live(id, 10, obj(1))), List.of(), ConflictStrategy.ERROR);
        store.write(List.of(live(id, 20, obj(2), 10)), List.of(), ConflictStrategy.ERROR);
        store.write(List.of(DocumentLogEntry.tombstone(id, ts(30), ts(20))), List.of(), ConflictStrategy.ERROR);

        assertThat(store.get(id, ts(9))).isEmpty();
        assertThat(store.get(id, ts(10))).contains(live(id, 10, obj(1)));
        assertThat(store.get(id, ts(29))).contains(live(id, 20, obj(2), 10));
        assertThat(store.get(id, ts(30))).isEmpty();
        assertThat(store.maxTimestamp()).contains(ts(30));
    }

    @Test
    void write_valueWithEveryKind_readsBackEqual() {
        Value.Obj value = new Value.Obj(new java.util.TreeMap<>(Map.of(
                "int", new Value.Int64(Long.MIN_VALUE),
                "nan", new Value.Float64(Double.NaN),
                "negZero", new Value.Float64(-0.0),
                "text", new Value.Str("zero\u0000byte, é, 😀"),
                "bytes", new Value.Bytes(bytes(0, 255, 128)),
                "list", new Value.Array(List.of(Value.Null.INSTANCE, new Value.Bool(true))),
                "b", obj("a", new Value.Str("nested")),
                "a", new Value.Str("keys written out of order")))); // Convex-JSON keeps key order; jsonb would not
        store.write(List.of(live(doc(1), 5, value)), List.of(), ConflictStrategy.ERROR);

        assertThat(store.get(doc(1), ts(5)).flatMap(DocumentLogEntry::value)).contains(value);
    }

    @Test
    void write_duplicateRevisionWithError_throwsDuplicateRevisionAndWritesNothingOfTheBatch() {
        store.write(List.of(live(doc(1), 10, obj(1))), List.of(), ConflictStrategy.ERROR);

        assertThatThrownBy(() -> store.write(
                        List.of(live(doc(2), 10, obj(2)), live(doc(1), 10, obj(3))),
                        List.of(entry(INDEX, bytes(2), 10, doc(2))),
                        ConflictStrategy.ERROR))
                .isInstanceOfSatisfying(PersistenceException.class, e -> {
                    assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(schema, PostgresTestServer.url());
                });
        assertThat(store.get(doc(2), ts(10))).isEmpty();
        assertThat(store.get(doc(1), ts(10))).contains(live(doc(1), 10, obj(1)));
        assertThat(store.scan(INDEX, KeyRange.ALL, ts(10), Order.ASC, 10).rows())
                .isEmpty();
    }

    @Test
    void write_duplicateIndexEntryWithError_throwsDuplicateRevision() {
        store.write(
                List.of(live(doc(1), 10, obj(1))), List.of(entry(INDEX, bytes(1), 10, doc(1))), ConflictStrategy.ERROR);

        assertThatThrownBy(() ->
                        store.write(List.of(), List.of(removed(INDEX, bytes(1), 10, doc(1))), ConflictStrategy.ERROR))
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION));
    }

    @Test
    void write_overwriteWithRepeatsInOneBatch_keepsTheLast() {
        store.write(
                List.of(live(doc(1), 10, obj(1))), List.of(entry(INDEX, bytes(1), 10, doc(1))), ConflictStrategy.ERROR);

        store.write(
                List.of(live(doc(1), 10, obj(2)), live(doc(1), 10, obj(3))),
                List.of(entry(INDEX, bytes(1), 10, doc(1)), removed(INDEX, bytes(1), 10, doc(1))),
                ConflictStrategy.OVERWRITE);

        assertThat(store.get(doc(1), ts(10))).contains(live(doc(1), 10, obj(3)));
        assertThat(store.scan(INDEX, KeyRange.ALL, ts(10), Order.ASC, 10).rows())
                .isEmpty();
    }

    @Test
    void scan_keysWithZeroAndFfBytes_followUnsignedByteOrderBothWays() {
        List<byte[]> keys = List.of(
                bytes(),
                bytes(0x00),
                bytes(0x00, 0x00),
                bytes(0x00, 0xFF),
                bytes(0x01),
                bytes(0x7F),
                bytes(0x80),
                bytes(0x80, 0x00),
                bytes(0xFE, 0xFF),
                bytes(0xFF),
                bytes(0xFF, 0x00),
                bytes(0xFF, 0xFF, 0xFF));
        List<IndexKey> expected = writeOneDocumentPerKey(shuffled(keys), 10);

        assertThat(keys(store.scan(INDEX, KeyRange.ALL, ts(10), Order.ASC, 100)))
                .containsExactlyElementsOf(expected);
        assertThat(keys(store.scan(INDEX, KeyRange.ALL, ts(10), Order.DESC, 100)))
                .containsExactlyElementsOf(expected.reversed());
        KeyRange middle = KeyRange.of(new IndexKey(bytes(0x00, 0xFF)), new IndexKey(bytes(0xFF)));
        assertThat(keys(store.scan(INDEX, middle, ts(10), Order.ASC, 100)))
                .containsExactlyElementsOf(expected.subList(3, 9));
        assertThat(keys(store.scan(INDEX, KeyRange.prefix(new IndexKey(bytes(0xFF))), ts(10), Order.DESC, 100)))
                .containsExactlyElementsOf(expected.subList(9, 12).reversed());
    }

    @Test
    void scan_revisionsOfOneKey_seesNewestAtReadTsAndSkipsDeleted() {
        DocumentId a = doc(1);
        DocumentId b = doc(2);
        store.write(
                List.of(live(a, 10, obj(1)), live(b, 10, obj(2))),
                List.of(entry(INDEX, bytes(1), 10, a), entry(INDEX, bytes(2), 10, b)),
                ConflictStrategy.ERROR);
        // a moves from key 1 to key 3; b is deleted.
        store.write(
                List.of(live(a, 20, obj(11), 10), DocumentLogEntry.tombstone(b, ts(20), ts(10))),
                List.of(
                        removed(INDEX, bytes(1), 20, a),
                        entry(INDEX, bytes(3), 20, a),
                        removed(INDEX, bytes(2), 20, b)),
                ConflictStrategy.ERROR);

        assertThat(store.scan(INDEX, KeyRange.ALL, ts(15), Order.ASC, 10).rows())
                .containsExactly(
                        new IndexRow(new IndexKey(bytes(1)), live(a, 10, obj(1))),
                        new IndexRow(new IndexKey(bytes(2)), live(b, 10, obj(2))));
        assertThat(store.scan(INDEX, KeyRange.ALL, ts(20), Order.DESC, 10).rows())
                .containsExactly(new IndexRow(new IndexKey(bytes(3)), live(a, 20, obj(11), 10)));
        assertThat(store.scan(Fixtures.index(2), KeyRange.ALL, ts(20), Order.ASC, 10)
                        .rows())
                .isEmpty();
    }

    @Test
    void scan_manyKeysWithDeletedOnes_pagesAcrossChunksAndContinuesExactly() {
        int n = 2 * IndexScan.MAX_CHUNK + 37;
        List<DocumentLogEntry> docs = new ArrayList<>();
        List<IndexEntry> entries = new ArrayList<>();
        List<IndexKey> live = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = bytes(i >> 8, i & 0xFF);
            docs.add(live(doc(i), 10, obj(i)));
            entries.add(i % 3 == 0 ? removed(INDEX, key, 10, doc(i)) : entry(INDEX, key, 10, doc(i)));
            if (i % 3 != 0) {
                live.add(new IndexKey(key));
            }
        }
        store.write(docs, entries, ConflictStrategy.ERROR);

        for (Order order : Order.values()) {
            List<IndexKey> seen = new ArrayList<>();
            KeyRange rest = KeyRange.ALL;
            int pages = 0;
            while (true) {
                IndexPage page = store.scan(INDEX, rest, ts(10), order, 700);
                seen.addAll(keys(page));
                pages++;
                if (page.remaining().isEmpty()) {
                    break;
                }
                rest = page.remaining().get();
            }
            assertThat(seen).containsExactlyElementsOf(order == Order.ASC ? live : live.reversed());
            assertThat(pages).isEqualTo(live.size() / 700 + 1);
        }
        assertThat(store.scan(INDEX, KeyRange.ALL, ts(10), Order.ASC, Integer.MAX_VALUE)
                        .rows())
                .hasSize(live.size());
    }

    @Test
    void scan_longKeysSharingTheirStoredPrefix_inKeyOrderWithExactBounds() {
        byte[] prefix = new byte[SplitKey.PREFIX_LENGTH];
        new java.util.Random(7).nextBytes(prefix); // incompressible, as PostgreSQL would compress a repetitive key
        prefix[0] = 0x61;
        List<byte[]> keys = new ArrayList<>();
        keys.add(prefix); // a short key equal to the prefix of the long ones
        for (int tail : new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
            keys.add(concat(prefix, bytes(tail)));
            keys.add(concat(prefix, bytes(tail, 0x00)));
        }
        byte[] tail = new byte[5000];
        new java.util.Random(8).nextBytes(tail);
        keys.add(concat(prefix, tail)); // longer than one B-tree entry could hold
        keys.add(bytes(0x61)); // short keys around the run
        keys.add(bytes(0x62));
        List<IndexKey> expected = writeOneDocumentPerKey(shuffled(keys), 10);

        assertThat(keys(store.scan(INDEX, KeyRange.ALL, ts(10), Order.ASC, 100)))
                .containsExactlyElementsOf(expected);
        assertThat(keys(store.scan(INDEX, KeyRange.ALL, ts(10), Order.DESC, 100)))
                .containsExactlyElementsOf(expected.reversed());
        // Bounds inside the run; pages of one row continue through long keys.
        KeyRange inside = KeyRange.of(expected.get(3), expected.get(9));
        for (Order order : Order.values()) {
            List<IndexKey> seen = new ArrayList<>();
            Optional<KeyRange> rest = Optional.of(inside);
            while (rest.isPresent()) {
                IndexPage page = store.scan(INDEX, rest.get(), ts(10), order, 1);
                seen.addAll(keys(page));
                rest = page.remaining();
            }
            List<IndexKey> want = expected.subList(3, 9);
            assertThat(seen).containsExactlyElementsOf(order == Order.ASC ? want : want.reversed());
        }
    }

    @Test
    void deleteShadowedRevisions_twoPassesAtOnce_takeTurnsAndRemoveEachRevisionOnce() throws Exception {
        int n = 300;
        for (long ts = 10; ts <= 30; ts += 10) {
            List<DocumentLogEntry> docs = new ArrayList<>();
            List<IndexEntry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                docs.add(ts == 10 ? live(doc(i), ts, obj(i)) : live(doc(i), ts, obj(i), ts - 10));
                entries.add(entry(INDEX, bytes(i >> 8, i & 0xFF), ts, doc(i)));
            }
            store.write(docs, entries, ConflictStrategy.ERROR);
        }
        java.util.concurrent.Callable<Long> pass = () -> {
            long removed = 0;
            for (long page = 1; page > 0; removed += page) {
                page = store.deleteShadowedRevisions(ts(30), 7).total();
            }
            return removed;
        };

        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var first = pool.submit(pass);
            var second = pool.submit(pass);
            assertThat(first.get() + second.get()).isEqualTo(4L * n);
        }
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10 * n))
                .hasSize(n)
                .allSatisfy(d -> assertThat(d.ts()).isEqualTo(ts(30)));
    }

    @Test
    void get_schemaDroppedByAnotherClient_throwsStoreClosedNamingTheSchema() {
        store.write(List.of(live(doc(1), 10, obj(1))), List.of(), ConflictStrategy.ERROR);
        store.get(doc(1), ts(10));

        PostgresTestServer.dropSchema(schema);

        assertThatThrownBy(() -> store.get(doc(1), ts(10))).isInstanceOfSatisfying(PersistenceException.class, e -> {
            assertThat(e.code()).isEqualTo(PersistenceException.STORE_CLOSED);
            assertThat(e.getMessage()).contains(schema, "42P01");
        });
    }

    @Test
    void loadDocuments_cursorAndBounds_returnsLogInTsIdOrder() {
        store.write(List.of(live(doc(2), 10, obj(1)), live(doc(1), 10, obj(2))), List.of(), ConflictStrategy.ERROR);
        store.write(List.of(live(doc(1), 20, obj(3), 10)), List.of(), ConflictStrategy.ERROR);
        store.write(List.of(DocumentLogEntry.tombstone(doc(2), ts(30), ts(10))), List.of(), ConflictStrategy.ERROR);

        List<DocumentLogEntry> all = store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10);
        assertThat(all)
                .extracting(d -> new DocumentCursor(d.ts(), d.id()))
                .containsExactly(
                        new DocumentCursor(ts(10), doc(1)),
                        new DocumentCursor(ts(10), doc(2)),
                        new DocumentCursor(ts(20), doc(1)),
                        new DocumentCursor(ts(30), doc(2)));
        assertThat(store.loadDocuments(ts(10), ts(30), Optional.of(new DocumentCursor(ts(10), doc(1))), 10))
                .containsExactly(all.get(1), all.get(2));
        assertThat(store.loadDocuments(ts(10), Timestamp.MAX, Optional.empty(), 1))
                .containsExactly(all.get(0));
    }

    @Test
    void previousRevisions_moreKeysThanOneStatement_findsEach() {
        int n = 1234;
        List<DocumentLogEntry> first = new ArrayList<>();
        List<DocumentLogEntry> second = new ArrayList<>();
        List<RevisionKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.add(live(doc(i), 10, obj(i)));
            second.add(live(doc(i), 20, obj(-i), 10));
            keys.add(new RevisionKey(doc(i), ts(i % 2 == 0 ? 20 : 10)));
        }
        store.write(first, List.of(), ConflictStrategy.ERROR);
        store.write(second, List.of(), ConflictStrategy.ERROR);

        Map<RevisionKey, DocumentLogEntry> previous = store.previousRevisions(keys);

        assertThat(previous).hasSize(n / 2);
        assertThat(previous.get(keys.get(0))).isEqualTo(first.get(0));
        assertThat(previous).doesNotContainKey(keys.get(1));
        assertThat(store.previousRevisions(List.of())).isEmpty();
    }

    @Test
    void globals_unicodeValue_roundTripsAndOverwrites() {
        assertThat(store.global("k")).isEmpty();
        store.writeGlobal("k", "first");
        store.writeGlobal("k", "zweite \u00e9 😀 \u0000");

        assertThat(store.global("k")).contains("zweite \u00e9 😀 \u0000");
    }

    @Test
    void deleteShadowedRevisions_newestRevisionIsTombstone_deletesAllButKeepsMaxTimestamp() {
        DocumentId id = doc(1);
        store.write(List.of(live(id, 10, obj(1))), List.of(entry(INDEX, bytes(1), 10, id)), ConflictStrategy.ERROR);
        store.write(List.of(live(id, 20, obj(2), 10)), List.of(entry(INDEX, bytes(1), 20, id)), ConflictStrategy.ERROR);
        store.write(
                List.of(DocumentLogEntry.tombstone(id, ts(30), ts(20))),
                List.of(removed(INDEX, bytes(1), 30, id)),
                ConflictStrategy.ERROR);

        long removed = 0;
        int calls = 0;
        long total;
        do {
            total = store.deleteShadowedRevisions(ts(40), 1).total();
            removed += total;
            calls++;
        } while (total > 0);

        assertThat(removed).isEqualTo(6);
        assertThat(calls).isEqualTo(7);
        assertThat(store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), 10))
                .isEmpty();
        assertThat(PostgresTestServer.query("SELECT count(*) FROM \"" + schema + "\".indexes"))
                .containsExactly("0");
        assertThat(store.maxTimestamp()).contains(ts(30));
    }

    @Test
    void deleteShadowedRevisions_revisionVisibleAtCutoff_isKept() {
        DocumentId id = doc(1);
        store.write(List.of(live(id, 10, obj(1))), List.of(entry(INDEX, bytes(1), 10, id)), ConflictStrategy.ERROR);
        store.write(List.of(live(id, 20, obj(2), 10)), List.of(entry(INDEX, bytes(1), 20, id)), ConflictStrategy.ERROR);
        store.write(List.of(live(id, 30, obj(3), 20)), List.of(entry(INDEX, bytes(1), 30, id)), ConflictStrategy.ERROR);

        assertThat(store.deleteShadowedRevisions(ts(25), 100).total()).isEqualTo(2);
        assertThat(store.deleteShadowedRevisions(ts(25), 100).total()).isZero();

        assertThat(store.get(id, ts(25))).contains(live(id, 20, obj(2), 10));
        assertThat(store.scan(INDEX, KeyRange.ALL, ts(25), Order.ASC, 10).rows())
                .containsExactly(new IndexRow(new IndexKey(bytes(1)), live(id, 20, obj(2), 10)));
        assertThat(store.get(id, ts(30))).contains(live(id, 30, obj(3), 20));
    }

    @Test
    void close_thenAnyCall_throwsStoreClosed() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get(doc(1), ts(1)))
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.STORE_CLOSED));
    }

    @Test
    void drop_removesTheSchemaAndClosesTheStore() {
        store.write(List.of(live(doc(1), 10, obj(1))), List.of(), ConflictStrategy.ERROR);

        store.drop();

        assertThat(PostgresTestServer.query("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"))
                .containsExactly("0");
        assertThatThrownBy(() -> store.maxTimestamp())
                .isInstanceOfSatisfying(
                        PersistenceException.class,
                        e -> assertThat(e.code()).isEqualTo(PersistenceException.STORE_CLOSED));
    }

    @Test
    void open_sameSchemaAgain_seesTheData() {
        store.write(List.of(live(doc(1), 10, obj(1))), List.of(), ConflictStrategy.ERROR);
        store.close();

        store = PostgresTestServer.open(schema);

        assertThat(store.get(doc(1), ts(10))).contains(live(doc(1), 10, obj(1)));
    }

    // ---------------------------------------------------------------- helpers

    /** Writes one document and one live entry per key at {@code ts}; returns the keys in order. */
    private List<IndexKey> writeOneDocumentPerKey(List<byte[]> keys, long ts) {
        List<DocumentLogEntry> docs = new ArrayList<>();
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            docs.add(live(doc(i), ts, obj(i)));
            entries.add(entry(INDEX, keys.get(i), ts, doc(i)));
        }
        store.write(docs, entries, ConflictStrategy.ERROR);
        return keys.stream()
                .map(IndexKey::new)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static List<byte[]> shuffled(List<byte[]> keys) {
        List<byte[]> copy = new ArrayList<>(keys);
        java.util.Collections.shuffle(copy, new java.util.Random(42));
        return copy;
    }

    private static List<IndexKey> keys(IndexPage page) {
        return page.rows().stream().map(IndexRow::key).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
