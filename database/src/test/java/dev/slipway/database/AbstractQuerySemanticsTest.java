package dev.slipway.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.QueryModel.Query;
import dev.slipway.database.QueryReference.Outcome;
import dev.slipway.database.QueryReference.Position;
import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.Persistence;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Query semantics over one backend, against {@link QueryReference}: seeded random documents of
 * every Convex type (missing fields, {@code -0}, NaN, ±∞, Int64 extremes, NUL and astral strings,
 * bytes, arrays, objects) in a table with single-field, compound and nested-path indexes (one of
 * them built by the background backfill), written by inserts, patches, replaces and deletes over
 * several commits; then random serialized queries, as {@code convex/server} sends them, through
 * {@link SerializedQuery#parse}, {@link QueryPlanner#plan} and {@link Transaction#query}, both in
 * fresh transactions and inside a writing one. Results must equal the reference document for
 * document, in order, and a query the reference rejects must fail with the same error code.
 * Pagination walks with random page sizes (in fresh transactions, or all in one that has written)
 * must give the reference's pages, re-run with their end cursors, and keep their cursors meaningful
 * across later writes. Each backend subclasses this with its store factory.
 *
 * <p>Runs {@value #SEEDS} seeds per test; {@code -Dslipway.seed=N} runs seed {@code N} alone, and a
 * failure names its seed and the query's JSON.
 */
abstract class AbstractQuerySemanticsTest {
    private static final System.Logger LOG = System.getLogger(AbstractQuerySemanticsTest.class.getName());
    private static final int SEEDS = 3;
    private static final String TABLE = "items";

    /** The backend under test. */
    protected abstract TestStores.StoreFactory stores();

    @Test
    void query_randomRangesFiltersAndLimits_matchReference() throws Exception {
        for (long seed : seeds()) {
            Seeds.run(seed, s -> {
                try (Scenario scenario = new Scenario(s)) {
                    scenario.queries();
                }
            });
        }
    }

    @Test
    void queryPage_randomWalksAcrossWrites_matchReference() throws Exception {
        for (long seed : seeds()) {
            Seeds.run(seed, s -> {
                try (Scenario scenario = new Scenario(s)) {
                    scenario.pagination();
                }
            });
        }
    }

    private static List<Long> seeds() {
        Long fixed = Long.getLong("slipway.seed");
        if (fixed != null) {
            return List.of(fixed);
        }
        return LongStream.range(0, SEEDS).map(i -> Seeds.seed()).boxed().toList();
    }

    /** One seeded run: a database on a new store, the reference beside it, and the generator. */
    private final class Scenario implements AutoCloseable {
        private final SplittableRandom random;
        private final Persistence store;
        private final Database db;
        private final QueryReference reference = new QueryReference(TABLE);
        private final RandomQueries generate;
        private final MirroredWrites writes;
        private final Map<String, Integer> outcomes = new TreeMap<>();
        /** The writing transaction pages run in, with its own writes; when empty, each page has a fresh one. */
        private Optional<Transaction> pagesIn = Optional.empty();

        Scenario(long seed) {
            random = new SplittableRandom(seed);
            generate = new RandomQueries(random, reference);
            writes = new MirroredWrites(random, generate, reference);
            store = stores().create();
            int scanPageSize = List.of(2, 7, 128).get(random.nextInt(3));
            db = Database.open(
                    store,
                    TestStores.options(TestStores.clock(), seed)
                            .scanPageSize(scanPageSize)
                            .build());
            Transaction tx = db.begin();
            createIndex(tx, "by_x", List.of("x"));
            createIndex(tx, "by_x_y", List.of("x", "y"));
            createIndex(tx, "by_nk", List.of("n.k"));
            tx.commit();
        }

        @Override
        public void close() {
            LOG.log(System.Logger.Level.INFO, "outcomes: {0}", outcomes);
            db.close();
            store.close();
        }

        void queries() throws Exception {
            committedRound(150, 0, 0, 0);
            checkQueries(80);
            createLateIndex();
            for (int round = 0; round < 2; round++) {
                Transaction tx = db.begin();
                writes.round(tx, 80, 40, 15, 25);
                for (int i = 0; i < 15; i++) {
                    checkQuery(tx, generate.query());
                }
                checkCountAndGets(tx);
                tx.commit();
                checkQueries(80);
            }
            assertCoverage();
        }

        void pagination() throws Exception {
            committedRound(120, 0, 0, 0);
            createLateIndex();
            committedRound(60, 30, 10, 20);
            for (int i = 0; i < 12; i++) {
                Query query = validPaginatedQuery();
                Optional<Transaction> writer = random.nextInt(3) == 0 ? Optional.of(db.begin()) : Optional.empty();
                writer.ifPresent(tx -> writes.round(tx, 10, 5, 2, 3));
                pagesIn = writer;
                List<Step> walk = walk(query, Optional.empty(), Optional.empty());
                checkWholeWalk(query, walk, Optional.empty());
                rerunWithEndCursors(query, walk);
                pagesIn = Optional.empty();
                writer.ifPresent(Transaction::commit);
                committedRound(25, 8, 3, 6);
                if (walk.isEmpty()) {
                    continue;
                }
                rerunWithEndCursors(query, walk);
                Step start = walk.get(random.nextInt(walk.size()));
                List<Step> rest = walk(query, start.cursor(), start.position());
                checkWholeWalk(query, rest, start.position());
            }
            assertThat(outcomes.getOrDefault("pages", 0)).as("pages compared").isGreaterThan(50);
        }

        // ---- writes ----------------------------------------------------------------------

        private void createIndex(Transaction tx, String name, List<String> fields) {
            tx.createIndex(TABLE, name, fields);
            reference.addIndex(name, fields);
        }

        /** An index created on the full table, queryable once the background backfill is done. */
        private void createLateIndex() throws Exception {
            Transaction tx = db.begin();
            IndexId index = tx.createIndex(TABLE, "by_y", List.of("y"));
            tx.commit();
            db.awaitIndexReady(index).get(2, TimeUnit.MINUTES);
            reference.addIndex("by_y", List.of("y"));
        }

        private void committedRound(int inserts, int patches, int replaces, int deletes) {
            Transaction tx = db.begin();
            writes.round(tx, inserts, patches, replaces, deletes);
            tx.commit();
        }

        // ---- queries ---------------------------------------------------------------------

        private void checkQueries(int count) {
            for (int i = 0; i < count; i++) {
                checkQuery(db.begin(), generate.query());
                if (i % 20 == 0) {
                    checkCountAndGets(db.begin());
                }
            }
        }

        private void checkQuery(Transaction tx, Query query) {
            String json = query.json();
            Outcome expected = reference.run(query);
            Outcome actual = engine(tx, json);
            outcomes.merge(describe(expected), 1, Integer::sum);
            switch (expected) {
                case Outcome.Docs(var docs) -> {
                    if (!(actual instanceof Outcome.Docs(var got))) {
                        throw new AssertionError("query " + json + " should return " + docs.size()
                                + " documents but gave " + summary(actual));
                    }
                    assertSameDocs("query " + json, docs, got);
                }
                case Outcome.Failure(var code, var reason) -> {
                    if (!(actual instanceof Outcome.Failure failure)
                            || !failure.code().equals(code)) {
                        throw new AssertionError("query " + json + " should fail with " + code + " (" + reason
                                + ") but gave " + summary(actual));
                    }
                }
            }
        }

        private static Outcome engine(Transaction tx, String json) {
            try {
                List<Value.Obj> docs = new ArrayList<>();
                tx.query(SerializedQuery.parse(json)).forEachRemaining(docs::add);
                return new Outcome.Docs(docs);
            } catch (SlipwayException e) {
                return new Outcome.Failure(e.code(), String.valueOf(e.getMessage()));
            }
        }

        private void checkCountAndGets(Transaction tx) {
            assertThat(tx.count(TABLE))
                    .as("count(%s)", TABLE)
                    .isEqualTo(reference.documents().size());
            assertThat(tx.count("ghosts"))
                    .as("count of a table that does not exist")
                    .isZero();
            List<Value.Obj> docs = reference.documents();
            for (int i = 0; i < 5 && !docs.isEmpty(); i++) {
                Value.Obj doc = docs.get(random.nextInt(docs.size()));
                assertThat(tx.get(MirroredWrites.idOf(doc)))
                        .as("get %s", QueryReference.id(doc))
                        .contains(doc);
            }
            List<String> deleted = writes.deleted();
            for (int i = 0; i < 3 && !deleted.isEmpty(); i++) {
                String id = deleted.get(random.nextInt(deleted.size()));
                assertThat(tx.get(DocumentId.decode(id).orElseThrow()))
                        .as("get of deleted %s", id)
                        .isEmpty();
            }
        }

        private void assertCoverage() {
            int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(outcomes.getOrDefault("2-20 docs", 0) + outcomes.getOrDefault("21+ docs", 0))
                    .as("queries with several results among %s", outcomes)
                    .isGreaterThan(total / 4);
            assertThat(outcomes).as("outcomes").containsKey(QueryReference.EVAL_ERROR);
        }

        // ---- pagination ------------------------------------------------------------------

        /** One page of a walk: where it started, its size limits, and where the next one starts. */
        private record Step(
                Optional<String> cursor,
                Optional<Position> position,
                int pageSize,
                String continueCursor,
                Position continueAt,
                List<Value.Obj> docs) {}

        /** A page as the reference expects it and as the engine gave it (they agree). */
        private record Checked(QueryReference.Page expected, QueryPage actual) {}

        private Query validPaginatedQuery() {
            while (true) {
                Query query = generate.paginatedQuery();
                Outcome outcome = reference.run(query);
                if (outcome instanceof Outcome.Failure failure
                        && !failure.code().equals(QueryReference.EVAL_ERROR)) {
                    continue;
                }
                return query;
            }
        }

        /**
         * Walks {@code query} from {@code cursor} to its end (or its first failing page) with random
         * page sizes and, now and then, a {@code maximumRowsRead}, checking every page.
         */
        private List<Step> walk(Query query, Optional<String> cursor, Optional<Position> position) {
            List<Step> steps = new ArrayList<>();
            int limit = 2 * reference.documents().size() + 10;
            while (steps.size() < limit) {
                int pageSize = 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
                Optional<Integer> maxRows = maximumRowsRead();
                Optional<Checked> checked =
                        checkPage(query, cursor, position, Optional.empty(), Optional.empty(), pageSize, maxRows);
                if (checked.isEmpty()) {
                    return steps;
                }
                QueryPage page = checked.get().actual();
                Position next = checked.get().expected().continueAt();
                steps.add(new Step(cursor, position, pageSize, page.continueCursor(), next, page.page()));
                if (page.isDone()) {
                    Optional<Checked> after = checkPage(
                            query,
                            Optional.of(page.continueCursor()),
                            Optional.of(next),
                            Optional.empty(),
                            Optional.empty(),
                            1 + random.nextInt(5),
                            Optional.empty());
                    assertThat(after.orElseThrow().actual().page())
                            .as("page after the end of %s", query.json())
                            .isEmpty();
                    return steps;
                }
                cursor = Optional.of(page.continueCursor());
                position = Optional.of(next);
            }
            throw new AssertionError("pagination of " + query.json() + " did not finish in " + limit + " pages");
        }

        /** Now and then a {@code maximumRowsRead} for a page. */
        private Optional<Integer> maximumRowsRead() {
            return random.nextInt(5) == 0 ? Optional.of(1 + random.nextInt(30)) : Optional.empty();
        }

        /** The concatenated pages of a finished walk are the query's documents after {@code from}. */
        private void checkWholeWalk(Query query, List<Step> walk, Optional<Position> from) {
            if (!(reference.run(query) instanceof Outcome.Docs(var all))) {
                return;
            }
            List<String> fields = reference.source(query).keyFields();
            boolean descending = query.source().descending();
            List<Value.Obj> expected = all.stream()
                    .filter(doc -> from.isEmpty()
                            || !(from.get() instanceof Position.After after)
                            || QueryReference.after(QueryReference.key(fields, doc), after.key(), descending))
                    .toList();
            List<Value.Obj> pages =
                    walk.stream().flatMap(step -> step.docs().stream()).toList();
            assertSameDocs("concatenated pages of " + query.json(), expected, pages);
        }

        /**
         * Each page of {@code walk} re-run from its cursor through its continue cursor (a journal
         * re-run), with a page size up to the original one, so grown pages ask to be split, and now
         * and then a {@code maximumRowsRead}, so some must be split.
         */
        private void rerunWithEndCursors(Query query, List<Step> walk) {
            for (Step step : walk) {
                Optional<Checked> page = checkPage(
                        query,
                        step.cursor(),
                        step.position(),
                        Optional.of(step.continueCursor()),
                        Optional.of(step.continueAt()),
                        1 + random.nextInt(step.pageSize()),
                        maximumRowsRead());
                if (page.isEmpty()) {
                    return;
                }
            }
        }

        /**
         * Runs one page (in {@link #pagesIn}, else in a fresh transaction) and compares it with the
         * reference's: documents, {@code isDone}, the positions its cursors name, the split status.
         * Empty when the page failed as the reference expected (an {@code EvalError}).
         */
        private Optional<Checked> checkPage(
                Query query,
                Optional<String> cursor,
                Optional<Position> position,
                Optional<String> endCursor,
                Optional<Position> endPosition,
                int pageSize,
                Optional<Integer> maxRows) {
            String what = "page of " + query.json() + " (pageSize " + pageSize + ", maximumRowsRead " + maxRows
                    + ", from " + describe(position)
                    + (endPosition.isPresent() ? " through " + describe(endPosition) : "")
                    + ")";
            Transaction tx = pagesIn.orElseGet(db::begin);
            QueryPlan plan = QueryPlanner.plan(SerializedQuery.parse(query.json()), tx.catalog());
            QueryReference.Page expected;
            try {
                expected = reference.page(query, position, endPosition, pageSize, maxRows);
            } catch (FilterReference.EvalFailure e) {
                try {
                    QueryPage got = tx.queryPage(plan, cursor, endCursor, pageSize, maxRows);
                    throw new AssertionError(what + " should fail with EvalError (" + e.getMessage() + ") but gave "
                            + got.page().size() + " documents");
                } catch (SlipwayException failure) {
                    outcomes.merge("pages failing", 1, Integer::sum);
                    assertThat(failure.code())
                            .as("error of %s: %s", what, failure.getMessage())
                            .isEqualTo(QueryReference.EVAL_ERROR);
                    return Optional.empty();
                }
            }
            QueryPage actual = tx.queryPage(plan, cursor, endCursor, pageSize, maxRows);
            outcomes.merge(
                    "pages" + expected.status().map(status -> " " + status).orElse(""), 1, Integer::sum);
            assertSameDocs(what, expected.docs(), actual.page());
            assertThat(actual.isDone()).as("isDone of %s", what).isEqualTo(expected.isDone());
            assertCursor(plan, actual.continueCursor(), expected.continueAt(), "continueCursor of " + what);
            assertThat(actual.pageStatus()).as("pageStatus of %s", what).isEqualTo(expected.status());
            assertThat(actual.splitCursor().isPresent())
                    .as("splitCursor of %s", what)
                    .isEqualTo(expected.split().isPresent());
            if (expected.split().isPresent()) {
                assertCursor(
                        plan,
                        actual.splitCursor().orElseThrow(),
                        expected.split().get(),
                        "splitCursor of " + what);
            }
            return Optional.of(new Checked(expected, actual));
        }

        private static void assertCursor(QueryPlan plan, String cursor, Position expected, String what) {
            PageCursor decoded = PageCursor.decode(cursor, plan);
            switch (expected) {
                case Position.End() ->
                    assertThat(decoded.isEnd()).as("%s is the end", what).isTrue();
                case Position.After after -> {
                    Value.Obj doc = after.doc();
                    DocumentId id = MirroredWrites.idOf(doc);
                    assertThat(decoded.key())
                            .as("%s names the position after %s", what, ConvexJson.encode(doc))
                            .contains(IndexKeys.of(plan.index(), doc, id));
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Docs(var docs) ->
                docs.size() < 2 ? docs.size() + " docs" : docs.size() <= 20 ? "2-20 docs" : "21+ docs";
            case Outcome.Failure failure -> failure.code();
        };
    }

    private static String describe(Optional<Position> position) {
        if (position.isEmpty()) {
            return "the start";
        }
        return switch (position.get()) {
            case Position.End() -> "the end";
            case Position.After after -> "after " + ConvexJson.encode(after.doc());
        };
    }

    private static String summary(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Docs(var docs) -> docs.size() + " documents";
            case Outcome.Failure(var code, var message) -> code + ": " + message;
        };
    }

    /** Equal lists of documents, or a message naming the first difference. */
    private static void assertSameDocs(String what, List<Value.Obj> expected, List<Value.Obj> actual) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        String want = i < expected.size() ? ConvexJson.encode(expected.get(i)) : "(no more documents)";
        String got = i < actual.size() ? ConvexJson.encode(actual.get(i)) : "(no more documents)";
        throw new AssertionError(what + ": expected " + expected.size() + " documents, got " + actual.size()
                + "; first difference at position " + i + ":\n  expected " + want + "\n  actual   " + got);
    }
}
