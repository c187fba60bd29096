package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Order;
import dev.slipway.schema.Schema;
import dev.slipway.schema.ValidationException;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The narrow API a bulk import uses: hidden tables filled by number with the ids and creation times
 * the import carries, swapped in at one commit, the replaced table purged in the background; and the
 * {@link SnapshotReader} that exports read with.
 */
class TableImportTest {
    private final AtomicLong clock = TestStores.clock();
    /** Background work (purges), run by the test when it chooses. */
    private final Queue<Runnable> background = new ArrayDeque<>();

    private MemoryPersistence store;
    private Database db;

    @BeforeEach
    void open() {
        store = MemoryPersistence.create("table-import");
        db = Database.open(
                store,
                TestStores.options(clock, 11)
                        .backfillExecutor(background::add)
                        .backfillPageSize(3)
                        .build());
    }

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    private DocumentId insert(String table, Value.Obj value) {
        Transaction tx = db.begin();
        DocumentId id = tx.insert(table, value);
        tx.commit();
        return id;
    }

    private List<Value.Obj> scan(String table) {
        List<Value.Obj> docs = new ArrayList<>();
        db.begin()
                .query(SerializedQuery.parse("{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"" + table
                        + "\",\"order\":null},\"operators\":[]}"))
                .forEachRemaining(docs::add);
        return docs;
    }

    private static Value.Obj withSystemFields(DocumentId id, double creationTime, Value.Obj fields) {
        Map<String, Value> all = new java.util.TreeMap<>(fields.fields());
        all.put("_id", str(id.encode()));
        all.put("_creationTime", new Value.Float64(creationTime));
        return Value.Obj.of(all);
    }

    private static DocumentId someId(int table, long seed) {
        return new DocumentId(table, InternalId.random(new SplittableRandom(seed)));
    }

    @Test
    void hiddenTable_filledThenActivated_replacesTheOldTableAtOneCommit() {
        DocumentId old = insert("messages", obj("body", str("old")));
        Transaction create = db.beginSystem();
        int number = create.createHiddenTable("messages", OptionalInt.of(10005));
        create.commit();
        assertThat(number).isEqualTo(10005);

        DocumentId kept = someId(10005, 1);
        Transaction fill = db.beginSystem();
        DocumentId inserted = fill.insertImported(number, withSystemFields(kept, 1234.5, obj("body", str("new"))));
        fill.commit();
        assertThat(inserted).isEqualTo(kept);
        // still invisible to users: the name is the old table's, and the id cannot be read
        assertThat(scan("messages")).extracting(d -> field(d, "body")).containsExactly(str("old"));
        assertThat(db.begin().get(kept)).isEmpty();

        Transaction activate = db.beginSystem();
        activate.activateTable(number);
        activate.commit();

        List<Value.Obj> now = scan("messages");
        assertThat(now).hasSize(1);
        assertThat(field(now.getFirst(), "_id")).isEqualTo(str(kept.encode()));
        assertThat(field(now.getFirst(), "_creationTime")).isEqualTo(new Value.Float64(1234.5));
        assertThat(db.catalog().table("messages").orElseThrow().number()).isEqualTo(10005);
        assertThat(db.catalog().anyTable(old.tableNumber()).orElseThrow().state())
                .isEqualTo(TableState.DELETING);
        assertThat(db.begin().get(old)).isEmpty();

        runBackground();
        assertThat(db.catalog().anyTable(old.tableNumber())).isEmpty();
        assertThat(db.beginSystem().get(old)).isEmpty();
    }

    @Test
    void retireTable_thenAwaitRemoved_freesTheNumberForAHiddenTable() {
        DocumentId old = insert("messages", obj("body", str("old")));
        Transaction retire = db.beginSystem();
        int number = retire.retireTable("messages");
        retire.commit();
        assertThat(number).isEqualTo(old.tableNumber());
        assertThat(db.catalog().table("messages")).isEmpty();
        var removed = db.awaitTableRemoved(number);
        assertThat(removed).isNotDone();
        runBackground();
        assertThat(removed).isCompleted();
        Transaction create = db.beginSystem();
        assertThat(create.createHiddenTable("messages", OptionalInt.of(number))).isEqualTo(number);
        create.commit();
        assertThat(db.awaitTableRemoved(12345)).isCompleted();
        assertThat(db.awaitTableRemoved(number)).isCompletedExceptionally();
    }

    @Test
    void createHiddenTable_copiesTheActiveTablesIndexes_ready() {
        Transaction setup = db.begin();
        setup.insert("messages", obj("channel", str("a")));
        setup.createIndex("messages", "by_channel", List.of("channel"));
        setup.commit();
        Transaction create = db.beginSystem();
        int number = create.createHiddenTable("messages", OptionalInt.empty());
        create.commit();
        assertThat(db.catalog().indexes(number))
                .extracting(i -> i.definition().name() + ":" + i.state())
                .containsExactlyInAnyOrder("by_id:READY", "by_creation_time:READY", "by_channel:READY");
    }

    @Test
    void createHiddenTable_withoutAnActiveTable_takesTheSchemasIndexes() {
        Transaction push = db.beginSystem();
        push.setSchema(Schema.parse("{\"tables\":[{\"tableName\":\"users\",\"indexes\":[{\"indexDescriptor\":"
                + "\"by_name\",\"fields\":[\"name\"]}],\"stagedDbIndexes\":[],\"searchIndexes\":[],"
                + "\"stagedSearchIndexes\":[],\"vectorIndexes\":[],\"stagedVectorIndexes\":[],"
                + "\"documentType\":{\"type\":\"any\"}}],\"schemaValidation\":true}"));
        push.commit();
        Transaction create = db.beginSystem();
        int number = create.createHiddenTable("users", OptionalInt.empty());
        create.commit();
        assertThat(db.catalog().indexes(number))
                .extracting(i -> i.definition().name() + ":" + i.definition().declaredFields())
                .containsExactlyInAnyOrder("by_id:[]", "by_creation_time:[]", "by_name:[name]");
    }

    @Test
    void purge_ofAManyPageTable_deletesEveryDocumentThenFreesTheNumber() {
        for (int i = 0; i < 10; i++) {
            insert("big", obj("n", new Value.Float64(i)));
        }
        int oldNumber = db.catalog().table("big").orElseThrow().number();
        Transaction create = db.beginSystem();
        int number = create.createHiddenTable("big", OptionalInt.empty());
        create.activateTable(number);
        create.commit();
        assertThat(scan("big")).isEmpty();
        runBackground();
        assertThat(db.catalog().anyTable(oldNumber)).isEmpty();
        Transaction fresh = db.begin();
        assertThat(fresh.insert("other", obj()).tableNumber()).isEqualTo(oldNumber);
    }

    @Test
    void discardTable_leavesTheActiveTableAndPurgesTheHiddenOne() {
        insert("messages", obj("body", str("kept")));
        Transaction create = db.beginSystem();
        int number = create.createHiddenTable("messages", OptionalInt.empty());
        create.insertImported(number, obj("body", str("dropped")));
        create.commit();
        Transaction discard = db.beginSystem();
        discard.discardTable(number);
        discard.commit();
        runBackground();
        assertThat(scan("messages")).extracting(d -> field(d, "body")).containsExactly(str("kept"));
        assertThat(db.catalog().anyTable(number)).isEmpty();
    }

    @Test
    void createHiddenTable_numberOfAnotherTable_isTableNumberConflict() {
        DocumentId users = insert("users", obj());
        Transaction tx = db.beginSystem();
        assertThatThrownBy(() -> tx.createHiddenTable("messages", OptionalInt.of(users.tableNumber())))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("Table number " + users.tableNumber() + " wanted for table messages is used by"
                        + " table users");
        assertThatThrownBy(() -> tx.createHiddenTable("messages", OptionalInt.of(600)))
                .hasMessageContaining("user tables are numbered from 10001");
        assertThatThrownBy(() -> tx.createHiddenTable("_secret", OptionalInt.empty()))
                .hasMessageContaining("system table");
    }

    @Test
    void insertImported_idOfAnotherTableNumber_isImportConflict() {
        Transaction tx = db.beginSystem();
        int number = tx.createHiddenTable("messages", OptionalInt.of(10001));
        DocumentId foreign = someId(10002, 3);
        assertThatThrownBy(() -> tx.insertImported(number, withSystemFields(foreign, 1, obj())))
                .isInstanceOf(DatabaseException.class)
                .extracting(e -> ((DatabaseException) e).code())
                .isEqualTo(DatabaseException.IMPORT_CONFLICT);
    }

    @Test
    void insertImported_existingId_isDuplicateId() {
        DocumentId existing = insert("messages", obj("body", str("x")));
        Transaction tx = db.beginSystem();
        assertThatThrownBy(() ->
                        tx.insertImported(existing.tableNumber(), withSystemFields(existing, 5, obj("body", str("y")))))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("Document " + existing.encode() + " already exists in table messages");
    }

    @Test
    void insertImported_badCreationTimeOrId_isInvalidDocument() {
        Transaction tx = db.beginSystem();
        int number = tx.createHiddenTable("messages", OptionalInt.empty());
        assertThatThrownBy(() -> tx.insertImported(number, obj("_creationTime", str("yesterday"))))
                .hasMessageContaining("invalid _creationTime");
        assertThatThrownBy(() -> tx.insertImported(number, obj("_id", str("not-an-id"))))
                .hasMessageContaining("invalid _id \"not-an-id\"");
        assertThatThrownBy(() -> tx.insertImported(number, obj("_secret", str("x"))))
                .hasMessageContaining("_secret");
    }

    @Test
    void importApi_userTransaction_isRefused() {
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.createHiddenTable("messages", OptionalInt.empty()))
                .hasMessageContaining("needs a system transaction");
    }

    @Test
    void insertImported_documentAgainstTheSchema_isRefused() {
        Transaction push = db.beginSystem();
        push.setSchema(Schema.parse("{\"tables\":[{\"tableName\":\"users\",\"indexes\":[],\"stagedDbIndexes\":[],"
                + "\"searchIndexes\":[],\"stagedSearchIndexes\":[],\"vectorIndexes\":[],\"stagedVectorIndexes\":[],"
                + "\"documentType\":{\"type\":\"object\",\"value\":{\"name\":{\"fieldType\":{\"type\":\"string\"},"
                + "\"optional\":false}}}}],\"schemaValidation\":true}"));
        push.commit();
        Transaction tx = db.beginSystem();
        int number = tx.createHiddenTable("users", OptionalInt.empty());
        assertThatThrownBy(() -> tx.insertImported(number, obj("name", new Value.Float64(3))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("users");
    }

    @Test
    void userWrite_racingAnActivation_conflicts() {
        insert("messages", obj("body", str("old")));
        Transaction user = db.begin();
        user.insert("messages", obj("body", str("late")));
        Transaction swap = db.beginSystem();
        int number = swap.createHiddenTable("messages", OptionalInt.empty());
        swap.activateTable(number);
        swap.commit();
        assertThatThrownBy(user::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void snapshotReader_pagesAtItsSnapshot_whateverIsWrittenLater() {
        List<DocumentId> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(insert("items", obj("n", new Value.Float64(i))));
        }
        try (SnapshotReader reader = db.snapshotReader()) {
            insert("items", obj("n", new Value.Float64(99)));
            assertThat(reader.count("items")).isEqualTo(7);
            List<String> seen = new ArrayList<>();
            Optional<dev.slipway.persistence.IndexKey> after = Optional.empty();
            boolean done = false;
            int pages = 0;
            while (!done) {
                SnapshotReader.Page page = reader.page("items", "by_id", Order.ASC, after, 3, Long.MAX_VALUE);
                page.documents().forEach(d -> seen.add(((Value.Str) field(d, "_id")).value()));
                after = page.last();
                done = page.done();
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen)
                    .containsExactlyElementsOf(
                            ids.stream().sorted().map(DocumentId::encode).toList());
            assertThat(reader.userTables()).extracting(Catalog.Table::name).containsExactly("items");
            SnapshotReader.Page small = reader.page("items", "by_creation_time", Order.DESC, Optional.empty(), 5, 1);
            assertThat(small.documents()).hasSize(1);
            assertThat(field(small.documents().getFirst(), "n")).isEqualTo(new Value.Float64(6));
            assertThat(small.done()).isFalse();
        }
    }

    @Test
    void snapshotReader_whileOpen_holdsRetentionBackAtItsSnapshot() {
        DatabaseOptions options = TestStores.options(clock, 12)
                .occWindow(Duration.ofNanos(1))
                .retentionWindow(Duration.ofNanos(1))
                .build();
        MemoryPersistence other = MemoryPersistence.create("hold");
        try (Database small = Database.open(other, options)) {
            Transaction tx = small.begin();
            DocumentId id = tx.insert("items", obj("v", str("first")));
            tx.commit();
            dev.slipway.persistence.Timestamp held;
            try (SnapshotReader reader = small.snapshotReader()) {
                held = reader.ts();
                Transaction update = small.begin();
                update.replace(id, obj("v", str("second")));
                update.commit();
                Transaction after = small.begin();
                after.insert("other", obj());
                after.commit();
                small.runRetention(); // without the hold, this would remove "first"
                assertThat(field(reader.get(id).orElseThrow(), "v")).isEqualTo(str("first"));
            }
            Transaction later = small.begin();
            later.insert("other", obj());
            later.commit();
            small.runRetention();
            // released: the first revision is gone now
            assertThat(other.get(id, held)).isEmpty();
        } finally {
            other.close();
        }
    }
}
