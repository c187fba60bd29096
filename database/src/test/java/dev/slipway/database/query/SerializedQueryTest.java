package dev.slipway.database.query;

import static dev.slipway.database.query.Q.UNDEFINED;
import static dev.slipway.database.query.Q.and;
import static dev.slipway.database.query.Q.arr;
import static dev.slipway.database.query.Q.bool;
import static dev.slipway.database.query.Q.cmp;
import static dev.slipway.database.query.Q.eq;
import static dev.slipway.database.query.Q.f64;
import static dev.slipway.database.query.Q.field;
import static dev.slipway.database.query.Q.fixture;
import static dev.slipway.database.query.Q.i64;
import static dev.slipway.database.query.Q.lit;
import static dev.slipway.database.query.Q.litUndefined;
import static dev.slipway.database.query.Q.math;
import static dev.slipway.database.query.Q.neg;
import static dev.slipway.database.query.Q.not;
import static dev.slipway.database.query.Q.obj;
import static dev.slipway.database.query.Q.or;
import static dev.slipway.database.query.Q.some;
import static dev.slipway.database.query.Q.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.database.query.Expression.ArithmeticOp;
import dev.slipway.database.query.Expression.Comparison;
import dev.slipway.persistence.Order;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing of serialized queries. The fixtures in {@code src/test/resources/queries/} are the exact
 * {@code query} arguments that convex@1.48.0's {@code queryGeneric(...).invokeQuery} sent to {@code
 * 1.0/queryStream} / {@code 1.0/queryPage}, captured with a fake {@code globalThis.Convex}.
 */
class SerializedQueryTest {

    static Stream<String> fixtures() {
        return Stream.of(
                "full_table_scan",
                "full_table_scan_desc",
                "full_table_scan_asc",
                "system_table_scan",
                "brief_example",
                "index_no_range",
                "index_gte_lt",
                "index_gt_lte",
                "index_upper_only",
                "index_eq_undefined",
                "index_eq_null",
                "index_eq_out_of_order",
                "index_nested_field",
                "index_special_values",
                "index_by_id",
                "index_by_creation_time",
                "filter_comparisons",
                "filter_arithmetic",
                "filter_not",
                "filter_literal_only",
                "filter_field_only",
                "filter_undefined_literal",
                "filter_object_literal",
                "filter_nested_path",
                "filter_special_literals",
                "filter_empty_and_or",
                "filter_nested_logic",
                "take",
                "first",
                "unique",
                "limit_then_filter",
                "take_zero",
                "search",
                "search_with_filter_take",
                "paginate",
                "many_filters");
    }

    private static SerializedQuery parse(String fixtureName) {
        return SerializedQuery.parse(fixture(fixtureName));
    }

    private static QueryOperator.Filter filter(Expression expression) {
        return new QueryOperator.Filter(expression);
    }

    @Test
    void parse_briefExample_givesIndexRangeFilterAndOrder() {
        SerializedQuery query = parse("brief_example");

        assertThat(query.source())
                .isEqualTo(new QuerySource.IndexRange(
                        IndexName.parse("messages.by_channel"),
                        List.of(
                                RangeExpression.eq("channel", some(str("a"))),
                                RangeExpression.gt("_creationTime", some(f64(5)))),
                        Order.DESC));
        assertThat(query.operators())
                .containsExactly(
                        filter(or(eq(field("author"), lit(str("x"))), cmp(Comparison.GT, field("n"), lit(i64(3))))));
    }

    @Test
    void parse_fullTableScans_giveTableAndOrder() {
        assertThat(parse("full_table_scan"))
                .isEqualTo(new SerializedQuery(new QuerySource.FullTableScan("messages", Order.ASC), List.of()));
        assertThat(parse("full_table_scan_desc").source())
                .isEqualTo(new QuerySource.FullTableScan("messages", Order.DESC));
        assertThat(parse("full_table_scan_asc").source())
                .isEqualTo(new QuerySource.FullTableScan("messages", Order.ASC));
        assertThat(parse("system_table_scan").source()).isEqualTo(new QuerySource.FullTableScan("_storage", Order.ASC));
    }

    @Test
    void parse_indexRanges_giveEveryBoundType() {
        assertThat(range("index_no_range")).isEmpty();
        assertThat(range("index_gte_lt"))
                .containsExactly(RangeExpression.gte("n", some(f64(1))), RangeExpression.lt("n", some(f64(10))));
        assertThat(range("index_gt_lte"))
                .containsExactly(RangeExpression.gt("n", some(i64(1))), RangeExpression.lte("n", some(i64(10))));
        assertThat(range("index_upper_only")).containsExactly(RangeExpression.lt("n", some(f64(0))));
        assertThat(range("index_eq_undefined")).containsExactly(RangeExpression.eq("channel", UNDEFINED));
        assertThat(range("index_eq_null")).containsExactly(RangeExpression.eq("channel", some(Value.Null.INSTANCE)));
        assertThat(range("index_eq_out_of_order"))
                .containsExactly(
                        RangeExpression.eq("author", some(str("bob"))), RangeExpression.eq("channel", some(str("a"))));
        assertThat(range("index_nested_field")).containsExactly(RangeExpression.eq("profile.name", some(str("x"))));
        assertThat(range("index_by_id"))
                .containsExactly(RangeExpression.eq("_id", some(str("j57020g30g2gc1r81450p30d1r7h0swg"))));
        assertThat(range("index_by_creation_time"))
                .containsExactly(
                        RangeExpression.gte("_creationTime", some(f64(1700000000000.5))),
                        RangeExpression.lt("_creationTime", some(f64(1800000000000.0))));
    }

    @Test
    void parse_specialRangeValues_decodeConvexJson() {
        assertThat(range("index_special_values"))
                .containsExactly(
                        RangeExpression.eq("a", some(f64(-0.0))),
                        RangeExpression.eq("b", some(f64(Double.NaN))),
                        RangeExpression.eq("c", some(f64(Double.POSITIVE_INFINITY))),
                        RangeExpression.eq("d", some(f64(Double.NEGATIVE_INFINITY))),
                        RangeExpression.eq("e", some(new Value.Bytes(new byte[] {0, 16, (byte) 131}))),
                        RangeExpression.eq("f", some(arr(i64(1), str("x"), Value.Null.INSTANCE))),
                        RangeExpression.gt("g", some(obj(Map.of("k", f64(2.5), "z", arr())))));
    }

    private static List<RangeExpression> range(String fixtureName) {
        return ((QuerySource.IndexRange) parse(fixtureName).source()).range();
    }

    @Test
    void parse_filters_giveEveryOperator() {
        assertThat(parse("filter_comparisons").operators())
                .containsExactly(filter(and(
                        eq(field("a"), lit(f64(1))),
                        cmp(Comparison.NEQ, field("b"), lit(str("s"))),
                        cmp(Comparison.LT, field("c"), lit(i64(2))),
                        cmp(Comparison.LTE, field("d"), lit(Value.Null.INSTANCE)),
                        cmp(Comparison.GT, field("e"), lit(bool(true))),
                        cmp(Comparison.GTE, field("f"), lit(bool(false))))));
        assertThat(parse("filter_arithmetic").operators())
                .containsExactly(filter(or(
                        eq(math(ArithmeticOp.ADD, field("a"), lit(i64(1))), lit(i64(2))),
                        eq(math(ArithmeticOp.SUB, field("a"), lit(f64(1.5))), lit(f64(0))),
                        eq(math(ArithmeticOp.MUL, field("a"), field("b")), lit(f64(6))),
                        eq(math(ArithmeticOp.DIV, field("a"), lit(f64(2))), lit(f64(0.5))),
                        eq(math(ArithmeticOp.MOD, field("a"), lit(i64(3))), lit(i64(-1))),
                        eq(neg(field("a")), lit(f64(-3))))));
        assertThat(parse("filter_not").operators()).containsExactly(filter(not(eq(field("done"), lit(bool(true))))));
        assertThat(parse("filter_nested_logic").operators())
                .containsExactly(filter(and(or(not(field("a")), field("b")), not(not(field("c"))))));
    }

    @Test
    void parse_filterLiteralsAndFields_keepValuesExactly() {
        assertThat(parse("filter_literal_only").operators()).containsExactly(filter(lit(bool(true))));
        assertThat(parse("filter_field_only").operators()).containsExactly(filter(field("done")));
        assertThat(parse("filter_undefined_literal").operators())
                .containsExactly(filter(eq(field("x"), litUndefined())));
        assertThat(parse("filter_object_literal").operators())
                .containsExactly(filter(eq(
                        field("o"), lit(obj(Map.of("a", arr(i64(1), obj(Map.of("c", str("d")))), "b", f64(1)))))));
        assertThat(parse("filter_nested_path").operators())
                .containsExactly(filter(eq(new Expression.Field(FieldPath.of("a", "b", "c")), lit(str("deep")))));
        assertThat(parse("filter_special_literals").operators())
                .containsExactly(filter(or(
                        eq(field("f"), lit(f64(Double.NaN))),
                        eq(field("f"), lit(f64(-0.0))),
                        eq(field("f"), lit(f64(Double.NEGATIVE_INFINITY))),
                        eq(field("b"), lit(new Value.Bytes(new byte[] {1, 2, 3}))))));
        assertThat(parse("filter_empty_and_or").operators()).containsExactly(filter(and()), filter(or()));
    }

    @Test
    void parse_limits_keepOperatorOrder() {
        assertThat(parse("take").operators()).containsExactly(new QueryOperator.Limit(5));
        assertThat(parse("first").operators()).containsExactly(new QueryOperator.Limit(1));
        assertThat(parse("unique").operators()).containsExactly(new QueryOperator.Limit(2));
        assertThat(parse("take_zero").operators()).containsExactly(new QueryOperator.Limit(0));
        assertThat(parse("limit_then_filter").operators())
                .containsExactly(
                        filter(eq(field("a"), lit(f64(1)))),
                        new QueryOperator.Limit(3),
                        filter(eq(field("b"), lit(f64(2)))));
        assertThat(parse("many_filters").operators()).hasSize(256);
    }

    @Test
    void parse_search_givesSearchSource() {
        assertThat(parse("search").source())
                .isEqualTo(new QuerySource.Search(
                        IndexName.parse("messages.search_body"),
                        List.of(
                                new SearchFilter.Search(FieldPath.of("body"), "hello world"),
                                new SearchFilter.Eq(FieldPath.of("channel"), some(str("a"))),
                                new SearchFilter.Eq(FieldPath.of("author"), UNDEFINED))));
        SerializedQuery withOperators = parse("search_with_filter_take");
        assertThat(withOperators.source().tableName()).isEqualTo("messages");
        assertThat(withOperators.operators()).hasSize(2);
    }

    @Test
    void parse_paginateQuery_isTheSameShape() {
        assertThat(parse("paginate").source())
                .isEqualTo(new QuerySource.IndexRange(
                        IndexName.parse("messages.by_channel"),
                        List.of(RangeExpression.eq("channel", some(str("a")))),
                        Order.DESC));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void parse_everyFixtureThroughAllEntryPoints_agrees(String name) throws IOException {
        String text = fixture(name);
        SerializedQuery fromText = SerializedQuery.parse(text);

        String args = "{\"query\":" + text + ",\"version\":\"1.48.0\"}";
        try (JsonParser parser = ConvexJson.jsonFactory().createParser(args)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(parser.nextFieldName()).isEqualTo("query");
            parser.nextToken();
            assertThat(SerializedQuery.parse(parser)).isEqualTo(fromText);
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(parser.nextFieldName()).isEqualTo("version");
        }
    }

    @Test
    void convexJsonDecode_queriesWithFiltersOrUndefined_isImpossible() {
        // Why SerializedQuery parses raw JSON text: these are not Convex-JSON values.
        assertThatThrownBy(() -> ConvexJson.decode(fixture("filter_not")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("\"$not\" starts with '$'");
        assertThatThrownBy(() -> ConvexJson.decode(fixture("index_eq_undefined")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("$undefined");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void expressionToString_everyFixtureFilter_parsesBackToTheSameExpression(String name) {
        for (QueryOperator operator : parse(name).operators()) {
            if (operator instanceof QueryOperator.Filter(Expression expression)) {
                String query =
                        "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"t\"},\"operators\":[{\"filter\":"
                                + expression + "}]}";
                assertThat(SerializedQuery.parse(query).operators()).containsExactly(operator);
            }
        }
    }

    @Test
    void parse_keysInAnyOrderAndUnknownKeys_areAccepted() {
        SerializedQuery query = SerializedQuery.parse("""
                {"operators": [], "extra": {"x": [1, 2]},
                 "source": {"order": "desc", "range": [{"value": 3, "fieldPath": "n", "comment": 1, "type": "Gte"}],
                            "indexName": "t.by_n", "type": "IndexRange"}}
                """);
        assertThat(query.source())
                .isEqualTo(new QuerySource.IndexRange(
                        IndexName.parse("t.by_n"), List.of(RangeExpression.gte("n", some(f64(3)))), Order.DESC));
    }

    @Test
    void parse_numbersInObjectValues_keepTheirExactText() {
        SerializedQuery query = SerializedQuery.parse(
                "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"t.by_o\",\"range\":[{\"type\":\"Eq\","
                        + "\"fieldPath\":\"o\",\"value\":{\"a\":0.1,\"b\":-0,\"c\":9007199254740993,\"d\":1e300}}]},"
                        + "\"operators\":[]}");
        assertThat(((QuerySource.IndexRange) query.source()).range().getFirst().value())
                .contains(obj(Map.of("a", f64(0.1), "b", f64(-0.0), "c", f64(9007199254740993.0), "d", f64(1e300))));
    }

    // ---- errors ----

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String json, String message) {
        return assertThatThrownBy(() -> SerializedQuery.parse(json))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(QueryException.INVALID_QUERY))
                .hasMessageContaining(message);
    }

    private static String scan(String operators) {
        return "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"t\",\"order\":null},\"operators\":[" + operators
                + "]}";
    }

    private static String indexRange(String range) {
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"t.by_a\",\"range\":[" + range
                + "],\"order\":null},\"operators\":[]}";
    }

    @Test
    void parse_malformedJson_namesTheProblem() {
        assertInvalid("{\"source\":", "malformed JSON");
        assertInvalid("[]", "Invalid query: expected a query object");
        assertInvalid(scan("") + " 5", "unexpected JSON after the query");
        assertInvalid("", "expected a query object");
    }

    @Test
    void parse_missingParts_nameThem() {
        assertInvalid("{\"operators\":[]}", "missing \"source\" in the query");
        assertInvalid("{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"t\"}}", "missing \"operators\"");
        assertInvalid("{\"source\":{\"tableName\":\"t\"},\"operators\":[]}", "missing \"type\" in the source");
        assertInvalid("{\"source\":{\"type\":\"FullTableScan\"},\"operators\":[]}", "missing \"tableName\"");
        assertInvalid(
                "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"t.x\"},\"operators\":[]}",
                "missing \"range\" in the IndexRange");
        assertInvalid(
                "{\"source\":{\"type\":\"Search\",\"indexName\":\"t.x\"},\"operators\":[]}",
                "missing \"filters\" in the Search");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a\"}"), "source.range[0]: missing \"value\" in the Eq");
        assertInvalid(indexRange("{\"type\":\"Eq\",\"value\":1}"), "source.range[0]: missing \"fieldPath\"");
    }

    @Test
    void parse_badSourceParts_nameThePath() {
        assertInvalid("{\"source\":{\"type\":\"Scan\"},\"operators\":[]}", "at source: unknown source type \"Scan\"");
        assertInvalid(
                "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"t\",\"order\":\"up\"},\"operators\":[]}",
                "at source.order: expected \"asc\", \"desc\" or null, got \"up\"");
        assertInvalid(
                "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"a-b\"},\"operators\":[]}",
                "table name \"a-b\" is invalid");
        assertInvalid(
                "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"by_a\",\"range\":[]},\"operators\":[]}",
                "Invalid index name \"by_a\"");
        assertInvalid(
                indexRange("{\"type\":\"Ne\",\"fieldPath\":\"a\",\"value\":1}"),
                "at source.range[0]: unknown index range expression type \"Ne\"");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a..b\",\"value\":1}"), "Invalid field path \"a..b\"");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a\",\"value\":{\"$set\":[]}}"),
                "at source.range[0].value: Invalid value: received a Set");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a\",\"value\":{\"$undefined\":1}}"),
                "at source.range[0].value: Invalid value");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a\",\"value\":{\"x\":{\"$undefined\":null}}}"),
                "at source.range[0].value: Invalid value at .x");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a\",\"value\":[{\"$undefined\":null}]}"),
                "at source.range[0].value: Invalid value at [0]");
        assertInvalid(
                indexRange("{\"type\":\"Eq\",\"fieldPath\":\"a\",\"value\":{\"$commitTs\":null}}"),
                "commit-timestamp placeholders");
        assertInvalid(
                "{\"source\":{\"type\":\"Search\",\"indexName\":\"t.s\",\"filters\":[{\"type\":\"Search\","
                        + "\"fieldPath\":\"body\",\"value\":5}]},\"operators\":[]}",
                "at source.filters[0]: the value of a \"Search\" filter must be a string");
    }

    @Test
    void parse_badOperators_nameThePath() {
        assertInvalid(scan("{}"), "at operators[0]: an operator has exactly one key");
        assertInvalid(scan("{\"limit\":1,\"filter\":{\"$literal\":true}}"), "found another key \"filter\"");
        assertInvalid(scan("{\"skip\":1}"), "at operators[0].skip: unknown operator \"skip\"");
        assertInvalid(scan("{\"limit\":-1}"), "a limit must be a non-negative integer, got -1");
        assertInvalid(scan("{\"limit\":2.5}"), "a limit must be a non-negative integer, got 2.5");
        assertInvalid(scan("{\"limit\":\"5\"}"), "a limit must be a non-negative integer, got a string");
        assertInvalid(scan("{\"limit\":99999999999999999999}"), "a limit must be a non-negative integer");
    }

    @Test
    void parse_badExpressions_nameThePath() {
        assertInvalid(scan("{\"filter\":{\"$like\":[]}}"), "at operators[0].filter.$like: unknown expression operator");
        assertInvalid(scan("{\"filter\":{\"$eq\":[{\"$field\":\"a\"}]}}"), "$eq takes exactly 2 operands");
        assertInvalid(
                scan("{\"filter\":{\"$add\":{\"$field\":\"a\"}}}"), "at operators[0].filter.$add: expected an array");
        assertInvalid(scan("{\"filter\":{\"$field\":5}}"), "at operators[0].filter.$field: expected a string");
        assertInvalid(scan("{\"filter\":{\"$field\":\"a b\"}}"), "Invalid field path \"a b\"");
        assertInvalid(scan("{\"filter\":{}}"), "an expression object has exactly one key");
        assertInvalid(
                scan("{\"filter\":{\"$not\":{\"$field\":\"a\"},\"$neg\":{\"$field\":\"a\"}}}"),
                "found another key \"$neg\"");
        assertInvalid(scan("{\"filter\":{\"$and\":[true]}}"), "at operators[0].filter.$and[0]: expected an expression");
        assertInvalid(
                scan("{\"filter\":{\"$literal\":{\"$foo\":1}}}"), "at operators[0].filter.$literal: Invalid value");
        assertInvalid(scan("{\"filter\":{\"$literal\":\"\\ud800\"}}"), "unpaired surrogate");
    }

    @Test
    void parse_deepExpression_isRejectedAtTheLimit() {
        String ok = "{\"$not\":".repeat(QueryParser.MAX_EXPRESSION_DEPTH - 1) + "{\"$literal\":true}"
                + "}".repeat(QueryParser.MAX_EXPRESSION_DEPTH - 1);
        assertThat(SerializedQuery.parse(scan("{\"filter\":" + ok + "}")).operators())
                .hasSize(1);
        String deep = "{\"$not\":" + ok + "}";
        assertInvalid(scan("{\"filter\":" + deep + "}"), "nested more than 128 levels");
    }

    @Test
    void parse_tooManyOperators_failsWithItsOwnCode() {
        List<String> operators = new ArrayList<>();
        for (int i = 0; i <= SerializedQuery.MAX_OPERATORS; i++) {
            operators.add("{\"limit\":" + i + "}");
        }
        assertThatThrownBy(() -> SerializedQuery.parse(scan(String.join(",", operators))))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.code()).isEqualTo(QueryException.TOO_MANY_OPERATORS))
                .hasMessageContaining("Query has too many operators: 257");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a.b", "_creationTime", "author.name.first"})
    void fieldPath_parseAndToString_roundTrip(String path) {
        assertThat(FieldPath.parse(path).toString()).isEqualTo(path);
    }

    @Test
    void fieldPath_leadingAndTrailingDots_areIgnoredLikeConvex() {
        assertThat(FieldPath.parse(".a.b.")).isEqualTo(FieldPath.of("a", "b"));
        assertThatThrownBy(() -> FieldPath.parse("..")).hasMessageContaining("names no field");
        assertThatThrownBy(() -> FieldPath.parse("$a")).hasMessageContaining("Invalid field path \"$a\"");
        assertThatThrownBy(() -> FieldPath.parse("__")).hasMessageContaining("underscores only");
    }

    @Test
    void fieldPath_extract_walksObjectsOnly() {
        Value.Obj doc = obj(Map.of("a", obj(Map.of("b", f64(1))), "s", str("x")));
        assertThat(FieldPath.parse("a.b").extract(doc)).contains(f64(1));
        assertThat(FieldPath.parse("a").extract(doc)).contains(obj(Map.of("b", f64(1))));
        assertThat(FieldPath.parse("a.c").extract(doc)).isEmpty();
        assertThat(FieldPath.parse("s.length").extract(doc)).isEmpty();
        assertThat(FieldPath.parse("missing.b").extract(doc)).isEmpty();
    }
}
