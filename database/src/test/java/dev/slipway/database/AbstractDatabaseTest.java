package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.i64;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static dev.slipway.database.V.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.database.query.QueryException;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Documents;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database's behaviour over one persistence backend: CRUD semantics and errors, read-your-writes
 * in queries, index order, OCC and reopening. Each backend's suite extends this with its {@link
 * TestStores.StoreFactory}.
 */
abstract class AbstractDatabaseTest {
    protected final AtomicLong clock = TestStores.clock();
    protected Persistence store;
    protected Database db;

    /** The backend under test. */
    protected abstract TestStores.StoreFactory stores();

    @BeforeEach
    void openDatabase() {
        store = stores().create();
        db = Database.open(store, TestStores.options(clock, 42).build());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        store.close();
    }

    protected void reopen() {
        db.close();
        store = stores().reopen(store);
        db = Database.open(store, TestStores.options(clock, 43).build());
    }

    protected DocumentId insertCommitted(String table, Value.Obj value) {
        Transaction tx = db.begin();
        DocumentId id = tx.insert(table, value);
        tx.commit();
        return id;
    }

    protected static List<Value.Obj> all(Transaction tx, String queryJson) {
        List<Value.Obj> docs = new ArrayList<>();
        tx.query(SerializedQuery.parse(queryJson)).forEachRemaining(docs::add);
        return docs;
    }

    protected static List<Value> names(List<Value.Obj> docs) {
        return docs.stream().map(d -> field(d, "name")).toList();
    }

    protected static String scan(String table) {
        return "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"" + table + "\",\"order\":null},"
                + "\"operators\":[]}";
    }

    // ---- bootstrap and catalog ----------------------------------------------------------------

    @Test
    void open_emptyStore_bootstrapsSystemTables() {
        Catalog catalog = db.catalog();
        assertThat(catalog.table(SystemTables.TABLES).orElseThrow().number()).isEqualTo(513);
        assertThat(catalog.table(SystemTables.INDEX).orElseThrow().number()).isEqualTo(514);
        assertThat(catalog.index(SystemTables.TABLES, "by_id").orElseThrow().id())
                .isEqualTo(SystemTables.TABLES_BY_ID);
        assertThat(catalog.index(SystemTables.INDEX, "by_id").orElseThrow().id())
                .isEqualTo(SystemTables.INDEX_BY_ID);
        assertThat(catalog.indexes(513)).hasSize(4);
        assertThat(db.lastCommitted()).isEqualTo(store.maxTimestamp().orElseThrow());
    }

    @Test
    void insert_unknownTables_createsThemWithFirstFreeUserNumbers() {
        DocumentId a = insertCommitted("alpha", obj("x", i64(1)));
        DocumentId b = insertCommitted("beta", obj("x", i64(2)));
        assertThat(a.tableNumber()).isEqualTo(10001);
        assertThat(b.tableNumber()).isEqualTo(10002);
        assertThat(db.catalog().index("alpha", "by_creation_time")).isPresent();
        Transaction tx = db.begin();
        assertThat(all(tx, scan(SystemTables.TABLES))).hasSize(4);
    }

    @Test
    void reopen_afterClose_restoresCatalogAndData() {
        DocumentId id = insertCommitted("messages", obj("body", str("hi")));
        Transaction tx = db.begin();
        IndexId index = tx.createIndex("messages", "by_body", List.of("body"));
        tx.commit();
        db.awaitIndexReady(index).join(); // the backfill commits the index's readiness
        Timestamp committed = db.lastCommitted();

        reopen();

        assertThat(db.lastCommitted()).isEqualTo(committed);
        assertThat(db.catalog().index("messages", "by_body")).isPresent();
        Transaction read = db.begin();
        assertThat(read.get(id).map(d -> field(d, "body"))).contains(str("hi"));
        assertThat(all(read, byBody("hi"))).hasSize(1);
        assertThat(insertCommitted("other", obj()).tableNumber()).isEqualTo(10002);
    }

    // ---- CRUD ------------------------------------------------------------------------------

    @Test
    void insert_thenGet_seesSystemFieldsInsideAndAfterTheTransaction() {
        Transaction tx = db.begin();
        DocumentId id = tx.insert("users", obj("name", str("ada")));
        Value.Obj own = tx.get(id).orElseThrow();
        assertThat(field(own, Documents.ID_FIELD)).isEqualTo(str(id.encode()));
        assertThat(field(own, Documents.CREATION_TIME_FIELD)).isInstanceOf(Value.Float64.class);
        Timestamp ts = tx.commit();

        assertThat(ts).isEqualTo(db.lastCommitted());
        assertThat(db.begin().get(id)).contains(own);
    }

    @Test
    void insert_severalInOneTransaction_creationTimesStrictlyIncrease() {
        Transaction tx = db.begin();
        double last = 0;
        for (int i = 0; i < 20; i++) {
            DocumentId id = tx.insert("t", obj("i", i64(i)));
            double time = ((Value.Float64) field(tx.get(id).orElseThrow(), "_creationTime")).value();
            assertThat(time).isGreaterThan(last);
            last = time;
        }
    }

    @Test
    void insert_systemTableOrSystemField_isRejected() {
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("_tables", obj("name", str("x"))))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("_tables")
                .hasFieldOrPropertyWithValue("code", DatabaseException.SYSTEM_TABLE_WRITE);
        assertThatThrownBy(() -> tx.insert("t", obj("_creationTime", new Value.Float64(1))))
                .hasFieldOrPropertyWithValue("code", DatabaseException.INVALID_DOCUMENT);
        assertThatThrownBy(() -> tx.insert("t", obj("_secret", i64(1)))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void patch_mergesAndRemovesFields() {
        DocumentId id = insertCommitted("t", obj("a", i64(1), "b", i64(2)));
        Transaction tx = db.begin();
        Value.Obj patched = tx.patch(id, patch("a", i64(10), "b", V.UNDEFINED, "c", str("new")));
        tx.commit();

        assertThat(patched.fields()).containsEntry("a", i64(10)).containsEntry("c", str("new"));
        assertThat(patched.fields()).doesNotContainKey("b");
        assertThat(db.begin().get(id)).contains(patched);
    }

    @Test
    void patch_changingSystemField_isRejectedNamingTableAndField() {
        DocumentId id = insertCommitted("t", obj("a", i64(1)));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.patch(id, patch("_creationTime", new Value.Float64(5))))
                .hasFieldOrPropertyWithValue("code", DatabaseException.INVALID_DOCUMENT)
                .hasMessageContaining("table t")
                .hasMessageContaining("_creationTime");
        Value.Obj doc = tx.get(id).orElseThrow();
        assertThat(tx.patch(id, patch("_id", field(doc, "_id"), "a", i64(2))).fields())
                .containsEntry("a", i64(2));
    }

    @Test
    void updates_ofNonexistentDocument_failWithConvexMessage() {
        DocumentId id = insertCommitted("t", obj());
        Transaction deleter = db.begin();
        deleter.delete(id);
        deleter.commit();

        Transaction tx = db.begin();
        assertThat(tx.get(id)).isEmpty();
        assertThatThrownBy(() -> tx.patch(id, patch("a", i64(1))))
                .hasFieldOrPropertyWithValue("code", DatabaseException.NONEXISTENT_DOCUMENT)
                .hasMessageStartingWith("Update on nonexistent document ID " + id.encode())
                .hasMessageContaining("table t");
        assertThatThrownBy(() -> tx.replace(id, obj())).hasMessageContaining("nonexistent");
        assertThatThrownBy(() -> tx.delete(id)).hasMessageContaining("nonexistent");
    }

    @Test
    void replace_keepsSystemFields_andDeleteInsideTransactionHidesDocument() {
        DocumentId id = insertCommitted("t", obj("a", i64(1)));
        Transaction tx = db.begin();
        Value.Obj before = tx.get(id).orElseThrow();
        Value.Obj replaced = tx.replace(id, obj("z", str("only")));
        assertThat(replaced.fields()).containsOnlyKeys("_id", "_creationTime", "z");
        assertThat(field(replaced, "_creationTime")).isEqualTo(field(before, "_creationTime"));
        assertThat(tx.delete(id)).isEqualTo(replaced);
        assertThat(tx.get(id)).isEmpty();
        tx.commit();
        assertThat(db.begin().get(id)).isEmpty();
    }

    @Test
    void checkTable_idOfOtherTable_failsNamingBoth() {
        DocumentId id = insertCommitted("a", obj());
        insertCommitted("b", obj());
        assertThatThrownBy(() -> db.begin().checkTable("b", id))
                .hasFieldOrPropertyWithValue("code", DatabaseException.WRONG_TABLE)
                .hasMessageContaining("from table a")
                .hasMessageContaining("not from table b");
    }

    @Test
    void transaction_afterCommit_refusesUse() {
        Transaction tx = db.begin();
        tx.commit();
        assertThatThrownBy(() -> tx.insert("t", obj()))
                .hasFieldOrPropertyWithValue("code", DatabaseException.TRANSACTION_FINISHED);
    }

    @Test
    void limits_documentsWritten_failNamingTheLimit() {
        db.close();
        db = Database.open(
                store,
                TestStores.options(clock, 7)
                        .limits(new TransactionLimits(32_000, 1 << 24, 3, 1 << 24, 4_096))
                        .build());
        insertCommitted("t", obj()); // creating the table does not count
        Transaction tx = db.begin();
        tx.insert("t", obj());
        tx.insert("t", obj());
        tx.insert("t", obj());
        assertThatThrownBy(() -> tx.insert("t", obj()))
                .hasFieldOrPropertyWithValue("code", DatabaseException.LIMIT_EXCEEDED)
                .hasMessageContaining("3 documents written");
    }

    @Test
    void beginAt_pastAndFuture() {
        DocumentId id = insertCommitted("t", obj("v", i64(1)));
        Timestamp first = db.lastCommitted();
        Transaction tx = db.begin();
        tx.patch(id, patch("v", i64(2)));
        tx.commit();

        assertThat(db.beginAt(first).get(id).map(d -> field(d, "v"))).contains(i64(1));
        assertThatThrownBy(() -> db.beginAt(db.lastCommitted().successor()))
                .hasFieldOrPropertyWithValue("code", DatabaseException.TIMESTAMP_IN_FUTURE);
    }

    // ---- retention ---------------------------------------------------------------------------

    private static final long MINUTE = 60_000_000_000L;

    private Timestamp patchCommitted(DocumentId id, long v) {
        Transaction tx = db.begin();
        tx.patch(id, patch("v", i64(v)));
        return tx.commit();
    }

    @Test
    void beginAt_insideRetentionWindow_readsOutsideFailsNamingTimestamps() {
        DocumentId id = insertCommitted("t", obj("v", i64(1)));
        Timestamp first = db.lastCommitted();
        clock.addAndGet(4 * MINUTE);
        Timestamp second = patchCommitted(id, 2);
        assertThat(db.beginAt(first).get(id).map(d -> field(d, "v"))).contains(i64(1));

        clock.addAndGet(2 * MINUTE);
        Timestamp third = patchCommitted(id, 3);
        Timestamp oldest = db.oldestReadable();
        assertThat(oldest.nanos()).isEqualTo(third.nanos() - 5 * MINUTE);
        assertThatThrownBy(() -> db.beginAt(first))
                .hasFieldOrPropertyWithValue("code", DatabaseException.OUT_OF_RETENTION)
                .hasMessageContaining(Long.toString(first.nanos()))
                .hasMessageContaining(Long.toString(oldest.nanos()))
                .hasMessageContaining("PT5M");
        assertThat(db.beginAt(oldest).get(id).map(d -> field(d, "v"))).contains(i64(1));
        assertThat(db.beginAt(second).get(id).map(d -> field(d, "v"))).contains(i64(2));
    }

    @Test
    void runRetention_shadowedBeforeWindow_removedWhileReaderInsideWindowKeepsItsView() {
        DocumentId id = insertCommitted("t", obj("v", i64(1)));
        Timestamp v1 = db.lastCommitted();
        patchCommitted(id, 2);
        clock.addAndGet(2 * MINUTE);
        Timestamp v3 = patchCommitted(id, 3);
        clock.addAndGet(4 * MINUTE);
        Timestamp v4 = patchCommitted(id, 4);
        Transaction reader = db.beginAt(Timestamp.of(v3.nanos() - 1));

        RetentionPass pass = db.runRetention();

        assertThat(pass.cutoff().nanos()).isEqualTo(v4.nanos() - 5 * MINUTE).isLessThan(v3.nanos() - 1);
        assertThat(pass.documentRevisionsRemoved()).isPositive();
        assertThat(Revisions.of(store, id)).doesNotContain(v1).hasSize(3);
        assertThat(reader.get(id).map(d -> field(d, "v"))).contains(i64(2));
        assertThat(all(reader, scan("t"))).extracting(d -> field(d, "v")).containsExactly(i64(2));
        assertThat(db.begin().get(id).map(d -> field(d, "v"))).contains(i64(4));
        assertThatThrownBy(() -> db.beginAt(v1))
                .hasFieldOrPropertyWithValue("code", DatabaseException.OUT_OF_RETENTION);
        assertThat(db.runRetention().documentRevisionsRemoved()).isZero();
    }

    // ---- queries -----------------------------------------------------------------------------

    protected static String byBody(String body) {
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"messages.by_body\",\"order\":\"asc\","
                + "\"range\":[{\"type\":\"Eq\",\"fieldPath\":\"body\",\"value\":\"" + body + "\"}]},\"operators\":[]}";
    }

    protected static String byName(String order, String operators) {
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"people.by_name\",\"order\":\"" + order
                + "\",\"range\":[]},\"operators\":" + operators + "}";
    }

    @Test
    void query_userIndex_returnsIndexOrderBothWays() {
        for (String name : List.of("carol", "alice", "dave", "bob")) {
            insertCommitted("people", obj("name", str(name)));
        }
        createIndexAndWait("people", "by_name", "name");

        Transaction tx = db.begin();
        assertThat(names(all(tx, byName("asc", "[]"))))
                .containsExactly(str("alice"), str("bob"), str("carol"), str("dave"));
        assertThat(names(all(tx, byName("desc", "[{\"limit\":2}]")))).containsExactly(str("dave"), str("carol"));
    }

    @Test
    void query_seesOwnInsertsUpdatesAndDeletes() {
        DocumentId alice = insertCommitted("people", obj("name", str("alice")));
        DocumentId bob = insertCommitted("people", obj("name", str("bob")));
        insertCommitted("people", obj("name", str("carol")));
        createIndexAndWait("people", "by_name", "name");

        Transaction tx = db.begin();
        tx.insert("people", obj("name", str("bea")));
        tx.delete(alice);
        tx.patch(bob, patch("name", str("zed")));
        assertThat(names(all(tx, byName("asc", "[]")))).containsExactly(str("bea"), str("carol"), str("zed"));
        assertThat(names(all(tx, byName("desc", "[]")))).containsExactly(str("zed"), str("carol"), str("bea"));
        assertThat(all(tx, scan("people"))).hasSize(3);
    }

    @Test
    void query_filterAndLimit_applyInOrder() {
        for (int i = 0; i < 300; i++) {
            insertCommitted("nums", obj("n", new Value.Float64(i)));
        }
        Transaction tx = db.begin();
        String query = "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"nums\",\"order\":\"desc\"},"
                + "\"operators\":[{\"filter\":{\"$eq\":[{\"$mod\":[{\"$field\":\"n\"},{\"$literal\":7}]},"
                + "{\"$literal\":0}]}},{\"limit\":3}]}";
        List<Value> ns = all(tx, query).stream().map(d -> field(d, "n")).toList();
        assertThat(ns).containsExactly(new Value.Float64(294), new Value.Float64(287), new Value.Float64(280));
        assertThat(tx.metrics().documentsScanned()).isEqualTo(300 - 280);
    }

    @Test
    void query_unknownTable_isEmpty() {
        assertThat(all(db.begin(), scan("nothing"))).isEmpty();
    }

    // ---- OCC ---------------------------------------------------------------------------------

    @Test
    void commit_writeSkew_rejectsOneWithOccConflictNamingTableAndDocument() {
        DocumentId a = insertCommitted("oncall", obj("on", new Value.Bool(true)));
        DocumentId b = insertCommitted("oncall", obj("on", new Value.Bool(true)));
        Transaction t1 = db.begin();
        Transaction t2 = db.begin();
        t1.get(a);
        t1.get(b);
        t2.get(a);
        t2.get(b);
        t1.patch(a, patch("on", new Value.Bool(false)));
        t2.patch(b, patch("on", new Value.Bool(false)));
        t1.commit();
        assertThatThrownBy(t2::commit)
                .isInstanceOf(OccConflict.class)
                .hasMessageContaining("table oncall")
                .hasMessageContaining(a.encode());
        assertThat(db.begin().get(b).map(d -> field(d, "on"))).contains(new Value.Bool(true));
    }

    @Test
    void commit_sameNewTableInTwoTransactions_conflicts() {
        Transaction t1 = db.begin();
        Transaction t2 = db.begin();
        t1.insert("fresh", obj());
        t2.insert("fresh", obj());
        t1.commit();
        assertThatThrownBy(t2::commit).isInstanceOf(OccConflict.class);
        assertThat(db.catalog().table("fresh")).isPresent();
    }

    @Test
    void commit_readSetOfLimitedQuery_coversOnlyConsumedKeys() {
        insertCommitted("log", obj("i", i64(0)));
        insertCommitted("log", obj("i", i64(1)));
        String firstOnly = "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"log\",\"order\":\"asc\"},"
                + "\"operators\":[{\"limit\":1}]}";

        Transaction reader = db.begin();
        assertThat(all(reader, firstOnly)).hasSize(1);
        reader.insert("other", obj());
        insertCommitted("log", obj("i", i64(2))); // after the consumed key: no conflict
        reader.commit();

        Transaction exhausted = db.begin();
        assertThat(all(exhausted, scan("log"))).hasSize(3);
        exhausted.insert("other", obj());
        insertCommitted("log", obj("i", i64(3))); // inside the fully scanned range
        assertThatThrownBy(exhausted::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void commit_readOnly_returnsSnapshotWithoutCommitter() {
        insertCommitted("t", obj());
        Transaction tx = db.begin();
        all(tx, scan("t"));
        assertThat(tx.commit()).isEqualTo(tx.snapshotTs());
    }

    @Test
    void commit_groupOfManyConcurrentTransactions_allGetDistinctIncreasingTimestamps() throws Exception {
        insertCommitted("c", obj());
        List<java.util.concurrent.CompletableFuture<Timestamp>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Transaction tx = db.begin();
            tx.insert("c", obj("i", i64(i)));
            futures.add(tx.commitAsync());
        }
        List<Timestamp> stamps = new ArrayList<>();
        for (var future : futures) {
            stamps.add(future.get());
        }
        assertThat(stamps).doesNotHaveDuplicates().isSorted();
        assertThat(db.lastCommitted()).isEqualTo(stamps.getLast());
        assertThat(all(db.begin(), scan("c"))).hasSize(51);
    }

    // ---- randomized ----------------------------------------------------------------------------

    @Test
    void bankTransfers_concurrentWithRetries_areSerializable() throws Exception {
        long seed = Seeds.seed();
        Seeds.run(seed, s -> {
            BankTransfers bank = new BankTransfers(db);
            bank.run(s, 4, 150);
            System.out.println("bank transfers (seed " + s + "): " + bank.summary());
        });
    }

    // ---- failures ------------------------------------------------------------------------------

    @Test
    void commit_batchWriteFails_failsTheGroupAndKeepsServing() {
        DocumentId id = insertCommitted("t", obj("v", i64(1)));
        db.close();
        FailingPersistence failing = new FailingPersistence(store);
        db = Database.open(failing, TestStores.options(clock, 9).build());
        Timestamp before = db.lastCommitted();

        failing.failNextWrite();
        Transaction tx = db.begin();
        tx.patch(id, patch("v", i64(2)));
        assertThatThrownBy(tx::commit).hasMessageContaining("injected");
        assertThat(db.lastCommitted()).isEqualTo(before);

        Transaction retry = db.begin();
        retry.patch(id, patch("v", i64(3)));
        retry.commit();
        assertThat(db.begin().get(id).map(d -> field(d, "v"))).contains(i64(3));
    }

    // ---- catalog changes, system writes, closing ---------------------------------------------------

    /** Creates a single-field index, commits, and waits for its backfill. */
    private void createIndexAndWait(String table, String name, String field) {
        Transaction create = db.begin();
        IndexId index = create.createIndex(table, name, List.of(field));
        create.commit();
        db.awaitIndexReady(index).join();
    }

    @Test
    void createIndex_onExistingTable_isQueryableOnlyOnceBackfilled() {
        insertCommitted("people", obj("name", str("old")));
        Transaction tx = db.begin();
        tx.insert("people", obj("name", str("new")));
        IndexId index = tx.createIndex("people", "by_name", List.of("name"));
        assertThatThrownBy(() -> all(tx, byName("asc", "[]")))
                .hasFieldOrPropertyWithValue("code", QueryException.INDEX_NOT_READY)
                .hasMessageContaining("people.by_name");
        assertThatThrownBy(() -> tx.createIndex("people", "by_name", List.of("name")))
                .hasFieldOrPropertyWithValue("code", DatabaseException.INVALID_CATALOG_CHANGE);
        tx.commit();

        db.awaitIndexReady(index).join();
        assertThat(db.catalog().index("people", "by_name").orElseThrow().state())
                .isEqualTo(IndexState.READY);
        assertThat(db.indexBackfills()).isEmpty();
        assertThat(names(all(db.begin(), byName("desc", "[]")))).containsExactly(str("old"), str("new"));
    }

    @Test
    void createIndex_backfillInterruptedByClose_resumesOnReopen() {
        insertCommitted("people", obj("name", str("b")));
        insertCommitted("people", obj("name", str("a")));
        db.close();
        List<Runnable> held = new ArrayList<>();
        db = Database.open(
                store, TestStores.options(clock, 44).backfillExecutor(held::add).build());
        Transaction create = db.begin();
        IndexId index = create.createIndex("people", "by_name", List.of("name"));
        create.commit();
        assertThat(held).hasSize(1);
        assertThat(db.indexBackfills())
                .singleElement()
                .returns("by_name", IndexBackfill::index)
                .returns(0L, IndexBackfill::documentsIndexed);
        var pending = db.awaitIndexReady(index);

        reopen();
        assertThat(pending).isCompletedExceptionally();
        db.awaitIndexReady(index).join();
        assertThat(names(all(db.begin(), byName("asc", "[]")))).containsExactly(str("a"), str("b"));
    }

    @Test
    void createIndex_onNewTable_isReadyInItsOwnTransaction() {
        Transaction tx = db.begin();
        tx.insert("people", obj("name", str("b")));
        tx.createIndex("people", "by_name", List.of("name"));
        tx.insert("people", obj("name", str("a")));
        assertThat(names(all(tx, byName("asc", "[]")))).containsExactly(str("a"), str("b"));
        tx.commit();
        assertThat(db.catalog().index("people", "by_name").orElseThrow().state())
                .isEqualTo(IndexState.READY);
    }

    @Test
    void createIndex_concurrentCreationsOfAnyIndex_conflict() {
        insertCommitted("people", obj("name", str("a")));
        Transaction first = db.begin();
        Transaction second = db.begin();
        first.createIndex("people", "by_name", List.of("name"));
        second.createIndex("people", "by_name", List.of("name"));
        first.commit();
        assertThatThrownBy(second::commit).isInstanceOf(OccConflict.class);
        assertThat(db.catalog()
                        .indexes(db.catalog().table("people").orElseThrow().number()))
                .filteredOn(i -> i.definition().name().equals("by_name"))
                .hasSize(1);
    }

    @Test
    void insert_concurrentWithIndexCreation_isIndexedEitherWay() {
        insertCommitted("people", obj("name", str("a")));
        Transaction before = db.begin();
        before.insert("people", obj("name", str("b")));
        Transaction create = db.begin();
        IndexId index = create.createIndex("people", "by_name", List.of("name"));
        before.commit(); // committed before the index exists: the backfill indexes it
        Transaction after = db.begin();
        after.insert("people", obj("name", str("c")));
        create.commit();
        after.commit(); // committed after: indexed by the commit, with the commit-time catalog
        db.awaitIndexReady(index).join();

        assertThat(names(all(db.begin(), byName("asc", "[]")))).containsExactly(str("a"), str("b"), str("c"));
    }

    @Test
    void createIndex_writesBeforeAndDuringBackfill_areAllIndexed() throws Exception {
        db.close();
        List<Runnable> held = new ArrayList<>();
        db = Database.open(
                store,
                TestStores.options(clock, 45)
                        .backfillExecutor(held::add)
                        .backfillPageSize(16)
                        .build());
        List<DocumentId> ids = new ArrayList<>();
        Transaction load = db.begin();
        for (int i = 0; i < 300; i++) {
            ids.add(load.insert("people", obj("name", str(String.format("p%03d", i)))));
        }
        load.commit();
        Transaction create = db.begin();
        IndexId index = create.createIndex("people", "by_name", List.of("name"));
        create.commit();
        churn(ids, 0, 150); // committed after the index exists, before the backfill starts
        Thread backfill = Thread.ofPlatform().start(held.getFirst());
        churn(ids, 150, 300); // racing the backfill's pages
        backfill.join();
        db.awaitIndexReady(index).join();

        List<Value> expected = names(all(db.begin(), scan("people"))).stream()
                .sorted(Comparator.comparing(v -> ((Value.Str) v).value()))
                .toList();
        assertThat(names(all(db.begin(), byName("asc", "[]")))).hasSize(300).isEqualTo(expected);
    }

    /** Renames every third document of {@code ids[from, to)}, deletes the next one and inserts one. */
    private void churn(List<DocumentId> ids, int from, int to) {
        for (int i = from; i < to; i += 3) {
            Transaction tx = db.begin();
            tx.patch(ids.get(i), patch("name", str(String.format("q%03d", i))));
            tx.delete(ids.get(i + 1));
            tx.insert("people", obj("name", str(String.format("r%03d", i))));
            tx.commit();
        }
    }

    @Test
    void rollbackTo_undoesLaterWritesOnly_andKeepsReads() {
        DocumentId kept = insertCommitted("people", obj("name", str("kept")));
        Transaction tx = db.begin();
        DocumentId early = tx.insert("people", obj("name", str("early")));
        Transaction.Savepoint savepoint = tx.savepoint();
        tx.insert("people", obj("name", str("late")));
        tx.patch(early, patch("name", str("changed")));
        tx.delete(kept);
        tx.insert("newtable", obj());
        tx.rollbackTo(savepoint);

        assertThat(names(all(tx, scan("people")))).containsExactly(str("kept"), str("early"));
        assertThat(tx.catalog().table("newtable")).isEmpty();
        assertThat(tx.readSet()).isNotEqualTo(db.begin().readSet());
        tx.commit();
        assertThat(names(all(db.begin(), scan("people")))).containsExactly(str("kept"), str("early"));
        assertThatThrownBy(() -> db.begin().rollbackTo(savepoint)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void systemTransaction_mayWriteSystemTables_numberedFrom515() {
        Transaction tx = db.beginSystem();
        DocumentId id = tx.insert("_schemas", obj("state", str("active")));
        tx.commit();
        assertThat(id.tableNumber()).isEqualTo(515);
        assertThatThrownBy(() -> db.begin().patch(id, patch("state", str("x"))))
                .hasFieldOrPropertyWithValue("code", DatabaseException.SYSTEM_TABLE_WRITE);
    }

    @Test
    void limits_bytesReadAndIndexRanges_failNamingTheLimit() {
        insertCommitted("t", obj("s", str("x".repeat(1_000))));
        insertCommitted("t", obj("s", str("y".repeat(1_000))));
        DocumentId id = insertCommitted("small", obj());
        withLimits(new TransactionLimits(100, 1_500, 100, 1 << 24, 3));
        assertThatThrownBy(() -> all(db.begin(), scan("t")))
                .hasFieldOrPropertyWithValue("code", DatabaseException.LIMIT_EXCEEDED)
                .hasMessageContaining("1500 bytes read");
        Transaction tx = db.begin();
        tx.get(id);
        tx.get(id);
        tx.get(id);
        assertThatThrownBy(() -> tx.get(id))
                .hasFieldOrPropertyWithValue("code", DatabaseException.LIMIT_EXCEEDED)
                .hasMessageContaining("3 index ranges read");
    }

    @Test
    void limits_bytesWritten_countEveryWritePath() {
        DocumentId id = insertCommitted("t", obj("s", str("x")));
        withLimits(new TransactionLimits(100, 1 << 24, 100, 2_500, 100));
        Transaction tx = db.begin();
        tx.insert("t", obj("s", str("a".repeat(1_000))));
        tx.patch(id, patch("s", str("b".repeat(1_000))));
        assertThatThrownBy(() -> tx.replace(id, obj("s", str("c".repeat(1_000)))))
                .hasFieldOrPropertyWithValue("code", DatabaseException.LIMIT_EXCEEDED)
                .hasMessageContaining("2500 bytes written");
    }

    @Test
    void documentLimits_tooLargeOrTooDeep_failOnEveryWritePath() {
        DocumentId id = insertCommitted("t", obj("s", str("x")));
        Value big = str("x".repeat((int) Documents.MAX_SIZE));
        Value.Obj tooLarge = obj("s", big);
        Value tooDeep = str("leaf");
        for (int depth = 0; depth <= Documents.MAX_NESTING; depth++) { // the document is one level more
            tooDeep = obj("n", tooDeep);
        }
        Value.Obj deep = (Value.Obj) tooDeep;
        Transaction tx = db.begin();
        for (ThrowingWrite write : List.<ThrowingWrite>of(
                () -> tx.insert("t", tooLarge), () -> tx.patch(id, patch("s", big)), () -> tx.replace(id, tooLarge))) {
            assertThatThrownBy(write::run)
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("1048576");
        }
        for (ThrowingWrite write : List.<ThrowingWrite>of(
                () -> tx.insert("t", deep), () -> tx.patch(id, patch("d", deep)), () -> tx.replace(id, deep))) {
            assertThatThrownBy(write::run)
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("nest");
        }
        tx.commit();
        assertThat(db.begin().get(id).map(d -> field(d, "s"))).contains(str("x"));
    }

    /** A write expected to throw. */
    private interface ThrowingWrite {
        void run();
    }

    private void withLimits(TransactionLimits limits) {
        db.close();
        db = Database.open(store, TestStores.options(clock, 9).limits(limits).build());
    }

    @Test
    void limits_documentsScanned_failNamingTheLimit() {
        for (int i = 0; i < 5; i++) {
            insertCommitted("t", obj());
        }
        db.close();
        db = Database.open(
                store,
                TestStores.options(clock, 8)
                        .limits(new TransactionLimits(4, 1 << 24, 100, 1 << 24, 4_096))
                        .build());
        assertThatThrownBy(() -> all(db.begin(), scan("t")))
                .hasFieldOrPropertyWithValue("code", DatabaseException.LIMIT_EXCEEDED)
                .hasMessageContaining("4 documents scanned");
    }

    @Test
    void commit_descendingLimitedQuery_conflictsOnlyWithinConsumedKeys() {
        insertCommitted("log", obj("i", i64(0)));
        insertCommitted("log", obj("i", i64(1)));
        String lastOnly = "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"log\",\"order\":\"desc\"},"
                + "\"operators\":[{\"limit\":1}]}";
        Transaction reader = db.begin();
        assertThat(all(reader, lastOnly)).hasSize(1);
        reader.insert("other", obj());
        insertCommitted("log", obj("i", i64(2))); // after the last document: inside [last, end)
        assertThatThrownBy(reader::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void close_drainsQueuedCommits_thenRefusesNewOnes() throws Exception {
        insertCommitted("q", obj());
        List<java.util.concurrent.CompletableFuture<Timestamp>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Transaction tx = db.begin();
            tx.insert("q", obj("i", i64(i)));
            futures.add(tx.commitAsync());
        }
        Transaction late = db.begin();
        late.insert("q", obj());
        db.close();
        for (var future : futures) {
            assertThat(future.get()).isNotNull();
        }
        assertThatThrownBy(late::commit).hasFieldOrPropertyWithValue("code", DatabaseException.CLOSED);
        assertThat(all(db.begin(), scan("q"))).hasSize(21);
    }

    @Test
    void commit_conflictingTransactionsInOneGroup_acceptsFirstRejectsSecond() throws Exception {
        DocumentId a = insertCommitted("oncall", obj("on", new Value.Bool(true)));
        DocumentId b = insertCommitted("oncall", obj("on", new Value.Bool(true)));
        db.close();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ThreadFactory gated =
                task -> Thread.ofPlatform().daemon(true).unstarted(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    task.run();
                });
        db = Database.open(
                store, TestStores.options(clock, 11).committerThreads(gated).build());
        Transaction t1 = db.begin();
        Transaction t2 = db.begin();
        Transaction independent = db.begin();
        for (Transaction tx : List.of(t1, t2)) {
            tx.get(a);
            tx.get(b);
        }
        t1.patch(a, patch("on", new Value.Bool(false)));
        t2.patch(b, patch("on", new Value.Bool(false)));
        independent.insert("elsewhere", obj());
        var f1 = t1.commitAsync();
        var f2 = t2.commitAsync();
        var f3 = independent.commitAsync();
        start.countDown();

        Timestamp ts1 = f1.get();
        assertThatThrownBy(f2::get).hasCauseInstanceOf(OccConflict.class).hasMessageContaining(a.encode());
        assertThat(f3.get()).isGreaterThan(ts1);
        assertThat(db.lastCommitted()).isEqualTo(f3.get());
    }

    // ---- schema enforcement (more in SchemaEnforcementTest) --------------------------------

    private void pushSchema(boolean validation) {
        Transaction tx = db.beginSystem();
        tx.setSchema(dev.slipway.schema.Schema.parse("{\"tables\":[{\"tableName\":\"people\",\"indexes\":[],"
                + "\"stagedDbIndexes\":[],\"searchIndexes\":[],\"stagedSearchIndexes\":[],\"vectorIndexes\":[],"
                + "\"stagedVectorIndexes\":[],\"documentType\":{\"type\":\"object\",\"value\":{\"name\":"
                + "{\"fieldType\":{\"type\":\"string\"},\"optional\":false}}}}],\"schemaValidation\":"
                + validation + "}"));
        tx.commit();
    }

    @Test
    void reopen_withSchema_keepsEnforcing() {
        pushSchema(true);
        insertCommitted("people", obj("name", str("ada")));
        reopen();
        assertThat(db.catalog().schema()).isPresent();
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("people", obj("name", i64(1))))
                .isInstanceOf(dev.slipway.schema.ValidationException.class)
                .hasMessageContaining("table \"people\"")
                .hasMessageContaining(".name");
    }

    @Test
    void commit_writeRacingSchemaChange_conflicts() {
        pushSchema(false);
        Transaction writer = db.begin();
        writer.insert("people", obj("name", i64(1)));
        pushSchema(true);
        assertThatThrownBy(writer::commit).isInstanceOf(OccConflict.class);
    }
}
