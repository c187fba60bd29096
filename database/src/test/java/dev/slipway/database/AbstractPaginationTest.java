package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.Persistence;
import dev.slipway.value.DocumentId;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Transaction#queryPage} and {@link Transaction#count} over one backend; each backend subclasses it with its store factory. */
abstract class AbstractPaginationTest {
    /** The backend under test. */
    protected abstract TestStores.StoreFactory stores();

    private static final String KEEP = "[{\"filter\":{\"$eq\":[{\"$field\":\"keep\"},{\"$literal\":true}]}}]";

    private final AtomicLong clock = TestStores.clock();
    private Persistence store;
    private Database db;

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

    @Test
    void queryPage_walkWithRandomPageSizes_equalsFullQuery() throws Exception {
        Seeds.run(Seeds.seed(), seed -> {
            Random random = new Random(seed);
            createPeopleIndex();
            Transaction fill = db.begin();
            for (int i = 0; i < 60; i++) {
                fill.insert("people", person("p" + random.nextInt(30), random.nextBoolean()));
            }
            fill.commit();
            for (String order : List.of("asc", "desc")) {
                for (String query : List.of(byName(order, "[]"), byName(order, KEEP), scan(order, KEEP))) {
                    Transaction tx = db.begin();
                    List<Value.Obj> full = all(tx, query);
                    assertThat(walk(query, () -> 1 + random.nextInt(9)))
                            .as(query)
                            .isEqualTo(full);
                }
            }
        });
    }

    @Test
    void queryPage_writesBetweenPages_noDuplicatesNoSkippedSurvivors() throws Exception {
        Seeds.run(Seeds.seed(), seed -> {
            Random random = new Random(seed);
            createPeopleIndex();
            List<DocumentId> ids = new ArrayList<>();
            Transaction fill = db.begin();
            for (int i = 0; i < 40; i++) {
                ids.add(fill.insert("people", person("p" + (10 + random.nextInt(80)), true)));
            }
            fill.commit();
            Set<DocumentId> deleted = new HashSet<>();
            List<String> seen = new ArrayList<>();
            Optional<String> cursor = Optional.empty();
            boolean done = false;
            while (!done) {
                Transaction tx = db.begin();
                QueryPage page =
                        tx.queryPage(plan(tx, byName("asc", "[]")), cursor, Optional.empty(), 4, Optional.empty());
                page.page().forEach(doc -> seen.add(((Value.Str) field(doc, "_id")).value()));
                cursor = Optional.of(page.continueCursor());
                done = page.isDone();
                Transaction writer = db.begin();
                writer.insert("people", person("p" + (10 + random.nextInt(80)), true));
                DocumentId victim = ids.get(random.nextInt(ids.size()));
                if (deleted.add(victim)) {
                    writer.delete(victim);
                }
                writer.commit();
            }
            assertThat(seen).doesNotHaveDuplicates();
            for (DocumentId id : ids) {
                if (!deleted.contains(id)) {
                    assertThat(seen).contains(id.encode());
                }
            }
        });
    }

    @Test
    void queryPage_rerunWithEndCursorAfterInsertsInside_growsAndEndsAtSameCursor() {
        createPeopleIndex();
        for (String name : List.of("b", "d", "f", "h", "j", "l")) {
            insertCommitted(person(name, true));
        }
        Transaction first = db.begin();
        QueryPlan plan = plan(first, byName("asc", "[]"));
        QueryPage page = first.queryPage(plan, Optional.empty(), Optional.empty(), 3, Optional.empty());
        assertThat(names(page.page())).containsExactly("b", "d", "f");
        assertThat(page.isDone()).isFalse();

        insertCommitted(person("c", true));
        insertCommitted(person("e", true));
        insertCommitted(person("g", true));
        Transaction rerun = db.begin();
        QueryPage grown = rerun.queryPage(
                plan(rerun, byName("asc", "[]")),
                Optional.empty(),
                Optional.of(page.continueCursor()),
                3,
                Optional.empty());
        assertThat(names(grown.page())).containsExactly("b", "c", "d", "e", "f");
        assertThat(grown.continueCursor()).isEqualTo(page.continueCursor());
        assertThat(grown.isDone()).isFalse();

        QueryPage next = rerun.queryPage(
                plan(rerun, byName("asc", "[]")),
                Optional.of(grown.continueCursor()),
                Optional.empty(),
                10,
                Optional.empty());
        assertThat(names(next.page())).containsExactly("g", "h", "j", "l");
        assertThat(next.isDone()).isTrue();
        QueryPage lastAgain = rerun.queryPage(
                plan(rerun, byName("asc", "[]")),
                Optional.of(grown.continueCursor()),
                Optional.of(next.continueCursor()),
                1,
                Optional.empty());
        assertThat(names(lastAgain.page())).containsExactly("g", "h", "j", "l");
        assertThat(lastAgain.isDone()).isTrue();
        assertThat(lastAgain.pageStatus()).contains(QueryPage.SPLIT_RECOMMENDED);
        assertThat(lastAgain.splitCursor()).isPresent();
    }

    @Test
    void queryPage_maximumRowsRead_countsFilteredRowsAndStopsEarly() {
        createPeopleIndex();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            insertCommitted(person(name, name.equals("a") || name.equals("e")));
        }
        Transaction tx = db.begin();
        QueryPage page =
                tx.queryPage(plan(tx, byName("asc", KEEP)), Optional.empty(), Optional.empty(), 5, Optional.of(3));
        assertThat(names(page.page())).containsExactly("a");
        assertThat(page.isDone()).isFalse();
        QueryPage rest = tx.queryPage(
                plan(tx, byName("asc", KEEP)),
                Optional.of(page.continueCursor()),
                Optional.empty(),
                5,
                Optional.empty());
        assertThat(names(rest.page())).containsExactly("e");
        assertThat(rest.isDone()).isTrue();
    }

    @Test
    void queryPage_readSet_coversOnlyCursorToContinuePosition() {
        createPeopleIndex();
        for (String name : List.of("b", "d", "f", "h")) {
            insertCommitted(person(name, true));
        }
        Transaction reader = db.begin();
        reader.queryPage(plan(reader, byName("asc", "[]")), Optional.empty(), Optional.empty(), 2, Optional.empty());
        reader.insert("other", obj("x", str("y")));
        insertCommitted(person("e", true));
        reader.commit();

        Transaction conflicted = db.begin();
        conflicted.queryPage(
                plan(conflicted, byName("asc", "[]")), Optional.empty(), Optional.empty(), 2, Optional.empty());
        conflicted.insert("other", obj("x", str("y")));
        insertCommitted(person("c", true));
        assertThatThrownBy(conflicted::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void queryPage_readSetDescendingFiltered_coversOnlyCursorToContinuePosition() {
        createPeopleIndex();
        for (String name : List.of("b", "d", "f", "h")) {
            insertCommitted(person(name, !name.equals("d")));
        }
        Transaction reader = db.begin();
        QueryPage page = reader.queryPage(
                plan(reader, byName("desc", KEEP)), Optional.empty(), Optional.empty(), 2, Optional.empty());
        assertThat(names(page.page())).containsExactly("h", "f");
        reader.insert("other", obj("x", str("y")));
        insertCommitted(person("e", true));
        reader.commit();

        Transaction conflicted = db.begin();
        conflicted.queryPage(
                plan(conflicted, byName("desc", KEEP)), Optional.empty(), Optional.empty(), 2, Optional.empty());
        conflicted.insert("other", obj("x", str("y")));
        insertCommitted(person("g", false));
        assertThatThrownBy(conflicted::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void queryPage_badArguments_failWithConvexCodes() {
        createPeopleIndex();
        insertCommitted(person("a", true));
        Transaction tx = db.begin();
        QueryPlan asc = plan(tx, byName("asc", "[]"));
        assertCode(
                () -> tx.queryPage(asc, Optional.empty(), Optional.empty(), 0, Optional.empty()),
                "NoDocumentsForPagination");
        assertCode(
                () -> tx.queryPage(asc, Optional.empty(), Optional.empty(), 32_001, Optional.empty()),
                "PageSizeTooLarge");
        assertCode(
                () -> tx.queryPage(asc, Optional.of("not a cursor!"), Optional.empty(), 1, Optional.empty()),
                "InvalidCursor");
        assertCode(() -> tx.queryPage(asc, Optional.of("AQ"), Optional.empty(), 1, Optional.empty()), "InvalidCursor");
        String descCursor = tx.queryPage(
                        plan(tx, byName("desc", "[]")), Optional.empty(), Optional.empty(), 1, Optional.empty())
                .continueCursor();
        assertThatThrownBy(() -> tx.queryPage(asc, Optional.of(descCursor), Optional.empty(), 1, Optional.empty()))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("different query");
        String scanCursor = tx.queryPage(
                        plan(tx, scan("asc", "[]")), Optional.empty(), Optional.empty(), 1, Optional.empty())
                .continueCursor();
        assertCode(
                () -> tx.queryPage(asc, Optional.empty(), Optional.of(scanCursor), 1, Optional.empty()),
                "InvalidCursor");
        assertThat(tx.queryPage(asc, Optional.empty(), Optional.empty(), 32_000, Optional.empty())
                        .isDone())
                .isTrue();
    }

    @Test
    void count_seesOwnWritesAndCommits_andConflictsWithInserts() {
        assertThat(db.begin().count("people")).isZero();
        DocumentId a = insertCommitted(person("a", true));
        insertCommitted(person("b", true));
        Transaction tx = db.begin();
        assertThat(tx.count("people")).isEqualTo(2);
        tx.insert("people", person("c", true));
        tx.delete(a);
        tx.insert("people", person("d", true));
        assertThat(tx.count("people")).isEqualTo(3);
        tx.commit();
        assertThat(db.begin().count("people")).isEqualTo(3);

        Transaction counter = db.begin();
        counter.count("people");
        counter.insert("other", obj("x", str("y")));
        insertCommitted(person("e", true));
        assertThatThrownBy(counter::commit).isInstanceOf(OccConflict.class);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private interface Sizes {
        int next();
    }

    private List<Value.Obj> walk(String query, Sizes sizes) {
        List<Value.Obj> docs = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        while (true) {
            Transaction tx = db.begin();
            QueryPage page = tx.queryPage(plan(tx, query), cursor, Optional.empty(), sizes.next(), Optional.empty());
            docs.addAll(page.page());
            if (page.isDone()) {
                QueryPage after = tx.queryPage(
                        plan(tx, query), Optional.of(page.continueCursor()), Optional.empty(), 3, Optional.empty());
                assertThat(after.page()).isEmpty();
                assertThat(after.isDone()).isTrue();
                return docs;
            }
            cursor = Optional.of(page.continueCursor());
        }
    }

    private void createPeopleIndex() {
        Transaction create = db.begin();
        var index = create.createIndex("people", "by_name", List.of("name"));
        create.commit();
        db.awaitIndexReady(index).join();
    }

    private DocumentId insertCommitted(Value.Obj value) {
        Transaction tx = db.begin();
        DocumentId id = tx.insert("people", value);
        tx.commit();
        return id;
    }

    private static Value.Obj person(String name, boolean keep) {
        return obj("name", str(name), "keep", new Value.Bool(keep));
    }

    private static QueryPlan plan(Transaction tx, String json) {
        return QueryPlanner.plan(SerializedQuery.parse(json), tx.catalog());
    }

    private static List<Value.Obj> all(Transaction tx, String json) {
        List<Value.Obj> docs = new ArrayList<>();
        tx.query(SerializedQuery.parse(json)).forEachRemaining(docs::add);
        return docs;
    }

    private static List<String> names(List<Value.Obj> docs) {
        return docs.stream().map(d -> ((Value.Str) field(d, "name")).value()).toList();
    }

    private static void assertCode(Runnable call, String code) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        SlipwayException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static String byName(String order, String operators) {
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"people.by_name\",\"order\":\"" + order
                + "\",\"range\":[]},\"operators\":" + operators + "}";
    }

    private static String scan(String order, String operators) {
        return "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"people\",\"order\":\"" + order
                + "\"},\"operators\":" + operators + "}";
    }
}
