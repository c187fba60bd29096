package dev.slipway.database.query;

import static dev.slipway.database.query.Q.UNDEFINED;
import static dev.slipway.database.query.Q.f64;
import static dev.slipway.database.query.Q.fixture;
import static dev.slipway.database.query.Q.i64;
import static dev.slipway.database.query.Q.obj;
import static dev.slipway.database.query.Q.some;
import static dev.slipway.database.query.Q.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.value.DocumentId;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class QueryPlannerTest {
    private static final IndexDefinition BY_CHANNEL =
            new IndexDefinition("messages", "by_channel", List.of(FieldPath.of("channel")));
    private static final IndexDefinition BY_CHANNEL_AUTHOR = new IndexDefinition(
            "messages", "by_channel_author", List.of(FieldPath.of("channel"), FieldPath.of("author")));
    private static final IndexCatalog CATALOG = name -> switch (name.toString()) {
        case "messages.by_channel" -> Optional.of(BY_CHANNEL);
        case "messages.by_channel_author" -> Optional.of(BY_CHANNEL_AUTHOR);
        default -> Optional.empty();
    };

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRangeError(
            IndexDefinition index, String code, RangeExpression... range) {
        return assertThatThrownBy(() -> QueryPlanner.keyRange(index, List.of(range)))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // ---- index definitions and keys ----

    @Test
    void effectiveFields_appendCreationTimeAndId() {
        assertThat(BY_CHANNEL.effectiveFields())
                .containsExactly(FieldPath.of("channel"), FieldPath.CREATION_TIME, FieldPath.ID);
        assertThat(IndexDefinition.byCreationTime("t").effectiveFields())
                .containsExactly(FieldPath.CREATION_TIME, FieldPath.ID);
        assertThat(IndexDefinition.byId("t").effectiveFields()).containsExactly(FieldPath.ID);
    }

    @Test
    void indexDefinition_invalidDeclarations_areRejected() {
        assertThatThrownBy(() -> new IndexDefinition("t", "by_id", List.of(FieldPath.of("a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexDefinition("t", "x", List.of(FieldPath.ID)))
                .hasMessageContaining("system field _id");
        assertThatThrownBy(() -> new IndexDefinition("t", "x", List.of(FieldPath.CREATION_TIME)))
                .hasMessageContaining("system field _creationTime");
        assertThatThrownBy(() -> new IndexDefinition("t", "x", List.of(FieldPath.of("a"), FieldPath.of("a"))))
                .hasMessageContaining("declares field a twice");
        List<FieldPath> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(FieldPath.of("f" + i));
        }
        assertThatThrownBy(() -> new IndexDefinition("t", "x", seventeen)).hasMessageContaining("17 fields");
    }

    @Test
    void indexKey_isTheEncodedEffectiveValuesAndId() {
        DocumentId id = new DocumentId(10001, new InternalId(new byte[16]));
        Value.Obj doc = obj(Map.of(
                "_id",
                str(id.encode()),
                "_creationTime",
                f64(1.5),
                "channel",
                str("a"),
                "n",
                obj(Map.of("x", i64(1)))));

        assertThat(IndexKeys.values(BY_CHANNEL_AUTHOR, doc))
                .containsExactly(some(str("a")), UNDEFINED, some(f64(1.5)), some(str(id.encode())));
        assertThat(IndexKeys.of(BY_CHANNEL_AUTHOR, doc, id))
                .isEqualTo(new IndexKey(IndexKeyEncoder.encode(
                        List.of(some(str("a")), UNDEFINED, some(f64(1.5)), some(str(id.encode()))), id)));
        IndexDefinition nested = new IndexDefinition("t", "by_nx", List.of(FieldPath.of("n", "x")));
        assertThat(IndexKeys.values(nested, doc)).first().isEqualTo(some(i64(1)));

        DocumentId other =
                new DocumentId(10001, new InternalId(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertThatThrownBy(() -> IndexKeys.of(BY_CHANNEL, doc, other)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- plan ----

    @Test
    void plan_fullTableScan_readsAllOfByCreationTime() {
        QueryPlan plan = QueryPlanner.plan(SerializedQuery.parse(fixture("full_table_scan_desc")), CATALOG);
        assertThat(plan)
                .isEqualTo(
                        new QueryPlan(IndexDefinition.byCreationTime("messages"), KeyRange.ALL, Order.DESC, List.of()));
    }

    @Test
    void plan_briefExample_combinesPrefixAndLowerBound() {
        SerializedQuery query = SerializedQuery.parse(fixture("brief_example"));
        QueryPlan plan = QueryPlanner.plan(query, CATALOG);

        byte[] bound = IndexKeyEncoder.encode(List.of(some(str("a")), some(f64(5))));
        byte[] prefix = IndexKeyEncoder.encode(List.of(some(str("a"))));
        assertThat(plan.index()).isEqualTo(BY_CHANNEL);
        assertThat(plan.order()).isEqualTo(Order.DESC);
        assertThat(plan.operators()).isEqualTo(query.operators());
        assertThat(plan.range())
                .isEqualTo(KeyRange.of(
                        new IndexKey(IndexKeyEncoder.prefixUpperBound(bound)),
                        new IndexKey(IndexKeyEncoder.prefixUpperBound(prefix))));
    }

    @Test
    void plan_builtInIndexes_needNoCatalogEntry() {
        QueryPlan byId = QueryPlanner.plan(SerializedQuery.parse(fixture("index_by_id")), name -> Optional.empty());
        byte[] key = IndexKeyEncoder.encode(List.of(some(str("j57020g30g2gc1r81450p30d1r7h0swg"))));
        assertThat(byId.index()).isEqualTo(IndexDefinition.byId("messages"));
        assertThat(byId.range())
                .isEqualTo(KeyRange.of(new IndexKey(key), new IndexKey(IndexKeyEncoder.prefixUpperBound(key))));

        QueryPlan byTime =
                QueryPlanner.plan(SerializedQuery.parse(fixture("index_by_creation_time")), name -> Optional.empty());
        assertThat(byTime.range())
                .isEqualTo(KeyRange.of(
                        new IndexKey(IndexKeyEncoder.encode(List.of(some(f64(1700000000000.5))))),
                        new IndexKey(IndexKeyEncoder.encode(List.of(some(f64(1800000000000.0)))))));
    }

    @Test
    void plan_unknownIndex_isIndexNotFound() {
        assertThatThrownBy(() -> QueryPlanner.plan(SerializedQuery.parse(fixture("index_gte_lt")), CATALOG))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(QueryException.INDEX_NOT_FOUND))
                .hasMessage("Index messages.by_n not found.");
    }

    @Test
    void plan_searchQuery_isRejectedAsNotSupported() {
        assertThatThrownBy(() -> QueryPlanner.plan(SerializedQuery.parse(fixture("search")), CATALOG))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(QueryException.SEARCH_NOT_SUPPORTED))
                .hasMessageContaining("messages.search_body")
                .hasMessageContaining("search indexes are not supported yet");
    }

    // ---- key ranges ----

    @Test
    void keyRange_emptyRange_isEverything() {
        assertThat(QueryPlanner.keyRange(BY_CHANNEL, List.of())).isEqualTo(KeyRange.ALL);
    }

    @Test
    void keyRange_eqPrefix_isPrefixToItsUpperBound() {
        byte[] prefix = IndexKeyEncoder.encode(List.of(some(str("a")), some(str("bob"))));
        KeyRange expected = KeyRange.of(new IndexKey(prefix), new IndexKey(IndexKeyEncoder.prefixUpperBound(prefix)));
        // Eq comparisons may come in any order.
        assertThat(QueryPlanner.keyRange(
                        BY_CHANNEL_AUTHOR,
                        List.of(
                                RangeExpression.eq("author", some(str("bob"))),
                                RangeExpression.eq("channel", some(str("a"))))))
                .isEqualTo(expected);
    }

    @Test
    void keyRange_upperBoundsOnly_startAtThePrefix() {
        byte[] lt = IndexKeyEncoder.encode(List.of(some(i64(3))));
        assertThat(QueryPlanner.keyRange(BY_CHANNEL, List.of(RangeExpression.lt("channel", some(i64(3))))))
                .isEqualTo(KeyRange.of(IndexKey.MIN, new IndexKey(lt)));
        assertThat(QueryPlanner.keyRange(BY_CHANNEL, List.of(RangeExpression.lte("channel", some(i64(3))))))
                .isEqualTo(KeyRange.of(IndexKey.MIN, new IndexKey(IndexKeyEncoder.prefixUpperBound(lt))));
        assertThat(QueryPlanner.keyRange(BY_CHANNEL, List.of(RangeExpression.gte("channel", some(i64(3))))))
                .isEqualTo(new KeyRange(new IndexKey(lt), Optional.empty()));
    }

    @Test
    void keyRange_crossedBounds_isEmpty() {
        KeyRange range = QueryPlanner.keyRange(
                BY_CHANNEL,
                List.of(RangeExpression.gt("channel", some(str("b"))), RangeExpression.lt("channel", some(str("a")))));
        assertThat(range.isEmpty()).isTrue();
        KeyRange touching = QueryPlanner.keyRange(
                BY_CHANNEL,
                List.of(RangeExpression.gt("channel", some(str("a"))), RangeExpression.lte("channel", some(str("a")))));
        assertThat(touching.isEmpty()).isTrue();
    }

    @Test
    void keyRange_stringWithTrailingZero_staysOutsideEqOfItsPrefix() {
        DocumentId id = new DocumentId(10001, new InternalId(new byte[16]));
        KeyRange eqAb = QueryPlanner.keyRange(BY_CHANNEL, List.of(RangeExpression.eq("channel", some(str("ab")))));
        KeyRange gtAb = QueryPlanner.keyRange(BY_CHANNEL, List.of(RangeExpression.gt("channel", some(str("ab")))));
        Value.Obj withZero = obj(Map.of("_id", str(id.encode()), "_creationTime", f64(1), "channel", str("ab\u0000")));
        IndexKey key = IndexKeys.of(BY_CHANNEL, withZero, id);
        assertThat(eqAb.contains(key)).isFalse();
        assertThat(gtAb.contains(key)).isTrue();
    }

    // ---- validity rules ----

    @Test
    void keyRange_duplicateEq_isAlreadyDefinedBound() {
        assertRangeError(
                        BY_CHANNEL,
                        QueryException.ALREADY_DEFINED_BOUND,
                        RangeExpression.eq("channel", some(str("a"))),
                        RangeExpression.eq("channel", some(str("b"))))
                .hasMessage("Already defined equality bound in the index range on messages.by_channel."
                        + " Can't add \"channel\" == \"b\".");
    }

    @Test
    void keyRange_secondLowerOrUpperBound_isAlreadyDefinedBound() {
        assertRangeError(
                        BY_CHANNEL,
                        QueryException.ALREADY_DEFINED_BOUND,
                        RangeExpression.gt("channel", some(str("a"))),
                        RangeExpression.gte("channel", some(str("b"))))
                .hasMessageContaining("Already defined lower bound")
                .hasMessageContaining("Can't add \"channel\" >= \"b\"");
        assertRangeError(
                        BY_CHANNEL,
                        QueryException.ALREADY_DEFINED_BOUND,
                        RangeExpression.lt("channel", some(str("a"))),
                        RangeExpression.lte("channel", UNDEFINED))
                .hasMessageContaining("Already defined upper bound")
                .hasMessageContaining("Can't add \"channel\" <= undefined");
    }

    @Test
    void keyRange_boundOnEqField_isAlreadyDefinedBound() {
        assertRangeError(
                        BY_CHANNEL,
                        QueryException.ALREADY_DEFINED_BOUND,
                        RangeExpression.eq("channel", some(str("a"))),
                        RangeExpression.gt("channel", some(str("b"))))
                .hasMessageContaining("Already defined equality bound")
                .hasMessageContaining("messages.by_channel")
                .hasMessageContaining("Can't add \"channel\" > \"b\"");
    }

    @Test
    void keyRange_boundsOnTwoFields_isBoundsOnMultipleFields() {
        assertRangeError(
                        BY_CHANNEL_AUTHOR,
                        QueryException.BOUNDS_ON_MULTIPLE_FIELDS,
                        RangeExpression.gt("channel", some(str("a"))),
                        RangeExpression.lt("author", some(str("b"))))
                .hasMessageContaining("index messages.by_channel_author attempted to set a range bound on both"
                        + " \"channel\" and \"author\"");
    }

    @Test
    void keyRange_fieldOutsideTheIndex_isFieldNotInIndex() {
        assertRangeError(BY_CHANNEL, QueryException.FIELD_NOT_IN_INDEX, RangeExpression.eq("author", some(str("a"))))
                .hasMessage("The index range included a comparison with \"author\", but messages.by_channel with"
                        + " fields [\"channel\", \"_creationTime\", \"_id\"] doesn't index this field. For more"
                        + " information see https://docs.convex.dev/using/indexes.");
        assertRangeError(
                        IndexDefinition.byId("messages"),
                        QueryException.FIELD_NOT_IN_INDEX,
                        RangeExpression.gt("_creationTime", some(f64(1))))
                .hasMessageContaining("messages.by_id with fields [\"_id\"]");
    }

    @Test
    void keyRange_eqNotOnAPrefix_isInvalidIndexRange() {
        assertRangeError(
                        BY_CHANNEL_AUTHOR,
                        QueryException.INVALID_INDEX_RANGE,
                        RangeExpression.eq("author", some(str("a"))))
                .hasMessage("Tried to query index messages.by_channel_author but the query didn't use the index"
                        + " fields in order.\nIndex fields: [\"channel\", \"author\", \"_creationTime\", \"_id\"]\n"
                        + "Query fields: [\"author\"]\nFirst incorrect field: \"author\"\n"
                        + "For more information see https://docs.convex.dev/using/indexes.");
    }

    @Test
    void keyRange_boundAfterAGap_isInvalidIndexRange() {
        assertRangeError(
                        BY_CHANNEL_AUTHOR,
                        QueryException.INVALID_INDEX_RANGE,
                        RangeExpression.eq("channel", some(str("a"))),
                        RangeExpression.gt("_creationTime", some(f64(1))))
                .hasMessageContaining("Query fields: [\"channel\", \"_creationTime\"]")
                .hasMessageContaining("First incorrect field: \"_creationTime\"");
    }

    @Test
    void keyRange_allFieldsIncludingSystemFields_isValid() {
        KeyRange range = QueryPlanner.keyRange(
                BY_CHANNEL,
                List.of(
                        RangeExpression.eq("_creationTime", some(f64(1))),
                        RangeExpression.eq("channel", some(str("a"))),
                        RangeExpression.gte("_id", some(str("k")))));
        byte[] start = IndexKeyEncoder.encode(List.of(some(str("a")), some(f64(1)), some(str("k"))));
        byte[] prefix = IndexKeyEncoder.encode(List.of(some(str("a")), some(f64(1))));
        assertThat(range)
                .isEqualTo(KeyRange.of(new IndexKey(start), new IndexKey(IndexKeyEncoder.prefixUpperBound(prefix))));
    }

    // ---- randomized: key ranges against brute force ----

    private static final List<FieldPath> CANDIDATE_FIELDS =
            List.of(FieldPath.of("a"), FieldPath.of("b"), FieldPath.of("n", "x"));

    @Test
    void keyRange_randomValidRanges_containExactlyTheMatchingDocuments() {
        Seeds.run(Seeds.seed(), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            int selective = 0;
            for (int round = 0; round < 400; round++) {
                selective += checkRandomRange(random, round) ? 1 : 0;
            }
            // Guard against a generator whose ranges select all or nothing: that would prove little.
            assertThat(selective)
                    .as("rounds whose range kept some but not all documents")
                    .isGreaterThan(100);
        });
    }

    private record Stored(Value.Obj document, DocumentId id) {}

    /** Checks one random range; returns whether it kept some but not all documents. */
    private static boolean checkRandomRange(SplittableRandom random, int round) {
        IndexDefinition index = randomIndex(random);
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DocumentId id = new DocumentId(10001, InternalId.random(random));
            stored.add(new Stored(randomDocument(random, id, i), id));
        }
        List<Value.Obj> documents = stored.stream().map(Stored::document).toList();
        List<RangeExpression> range = randomRange(random, index, documents);
        KeyRange keyRange = QueryPlanner.keyRange(index, range);
        int kept = 0;
        for (Stored s : stored) {
            boolean expected = satisfies(s.document(), range);
            kept += expected ? 1 : 0;
            boolean actual = keyRange.contains(IndexKeys.of(index, s.document(), s.id()));
            assertThat(actual)
                    .as(
                            "round %d, index %s %s, range %s, document %s",
                            round, index.indexName(), index.effectiveFields(), range, s.document())
                    .isEqualTo(expected);
        }
        return kept > 0 && kept < stored.size();
    }

    private static IndexDefinition randomIndex(SplittableRandom random) {
        int kind = random.nextInt(6);
        if (kind == 0) {
            return IndexDefinition.byId("t");
        }
        if (kind == 1) {
            return IndexDefinition.byCreationTime("t");
        }
        List<FieldPath> fields = new ArrayList<>(CANDIDATE_FIELDS);
        java.util.Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        return new IndexDefinition("t", "idx", fields.subList(0, 1 + random.nextInt(fields.size())));
    }

    private static Value.Obj randomDocument(SplittableRandom random, DocumentId id, int i) {
        Map<String, Value> fields = new HashMap<>();
        fields.put("_id", str(id.encode()));
        fields.put("_creationTime", f64(1000 + random.nextInt(8) * 0.5 + i * 1e-6));
        randomValue(random).ifPresent(v -> fields.put("a", v));
        randomValue(random).ifPresent(v -> fields.put("b", v));
        if (random.nextInt(3) == 0) {
            randomValue(random).ifPresent(v -> fields.put("n", v));
        } else if (random.nextInt(2) == 0) {
            Map<String, Value> nested = new HashMap<>();
            randomValue(random).ifPresent(v -> nested.put("x", v));
            fields.put("n", obj(nested));
        }
        return obj(fields);
    }

    /** A small domain with many ties and the tricky neighbours of the order. */
    private static Optional<Value> randomValue(SplittableRandom random) {
        return switch (random.nextInt(16)) {
            case 0 -> UNDEFINED;
            case 1 -> some(Value.Null.INSTANCE);
            case 2 -> some(i64(random.nextInt(3) - 1));
            case 3 -> some(i64(random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE));
            case 4 -> some(f64(List.of(-0.0, 0.0, 1.5, -1.5).get(random.nextInt(4))));
            case 5 ->
                some(f64(List.of(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
                        .get(random.nextInt(3))));
            case 6 -> some(Q.bool(random.nextBoolean()));
            case 7, 8 ->
                some(str(List.of("", "a", "a\u0000", "ab", "a\u0000b", "b").get(random.nextInt(6))));
            case 9 ->
                some(new Value.Bytes(List.of(new byte[0], new byte[] {0}, new byte[] {0, 1}, new byte[] {1})
                        .get(random.nextInt(4))));
            case 10 ->
                some(Q.arr(List.of(Q.arr(), Q.arr(str("a")), Q.arr(str("a\u0000")), Q.arr(str("a"), i64(0)))
                        .get(random.nextInt(4))
                        .elements()
                        .toArray(new Value[0])));
            case 11 ->
                some(List.of(obj(Map.of()), obj(Map.of("k", str("a"))), obj(Map.of("k", str("a"), "l", i64(0))))
                        .get(random.nextInt(3)));
            default -> some(str(List.of("a", "b").get(random.nextInt(2))));
        };
    }

    private static List<RangeExpression> randomRange(
            SplittableRandom random, IndexDefinition index, List<Value.Obj> documents) {
        List<FieldPath> fields = index.effectiveFields();
        int eqCount = random.nextInt(fields.size() + 1);
        List<RangeExpression> range = new ArrayList<>();
        for (int i = 0; i < eqCount; i++) {
            range.add(new RangeExpression(
                    RangeExpression.Type.EQ, fields.get(i), boundValue(random, fields.get(i), documents)));
        }
        if (eqCount < fields.size()) {
            FieldPath next = fields.get(eqCount);
            int lower = random.nextInt(3);
            int upper = random.nextInt(3);
            if (lower > 0) {
                RangeExpression.Type type = lower == 1 ? RangeExpression.Type.GT : RangeExpression.Type.GTE;
                range.add(new RangeExpression(type, next, boundValue(random, next, documents)));
            }
            if (upper > 0) {
                RangeExpression.Type type = upper == 1 ? RangeExpression.Type.LT : RangeExpression.Type.LTE;
                range.add(new RangeExpression(type, next, boundValue(random, next, documents)));
            }
        }
        java.util.Collections.shuffle(range, new java.util.Random(random.nextLong()));
        return range;
    }

    /** Mostly a value some document has, so that ranges select something. */
    private static Optional<Value> boundValue(SplittableRandom random, FieldPath field, List<Value.Obj> documents) {
        if (random.nextInt(4) == 0) {
            return randomValue(random);
        }
        return field.extract(documents.get(random.nextInt(documents.size())));
    }

    private static boolean satisfies(Value.Obj doc, List<RangeExpression> range) {
        for (RangeExpression expression : range) {
            int cmp = dev.slipway.value.ValueOrder.WITH_MISSING.compare(
                    expression.fieldPath().extract(doc), expression.value());
            boolean ok = switch (expression.type()) {
                case EQ -> cmp == 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
