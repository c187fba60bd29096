package dev.slipway.database.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.persistence.Order;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.FieldNames;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link SerializedQuery} from JSON with Jackson's streaming parser.
 *
 * <p>Implementation notes. The structure is read token by token, keeping a path ({@code
 * source.range[1].value}) for messages. Like the backend's serde structs, unknown keys of the
 * source, range and filter objects are ignored and keys may come in any order. Values are decoded
 * by {@link ConvexJson#decode(JsonParser)} straight from the stream, except at the three places
 * where {@code {"$undefined":null}} may stand for {@code undefined} (range values, search {@code Eq}
 * values, {@code $literal}): there an object value is first copied into compact text ({@link
 * JsonCopy}, numbers verbatim), which is either exactly the marker or is decoded by {@link
 * ConvexJson#decode(String)}. Only object values pay for the copy. The marker is recognized only at
 * the top of such a value, which is the only place {@code convex/server} writes it. Filter
 * expressions nest at most {@link #MAX_EXPRESSION_DEPTH} deep, so evaluation cannot overflow the
 * stack.
 */
final class QueryParser {
    /** Deepest nesting of filter expressions accepted. */
    static final int MAX_EXPRESSION_DEPTH = 128;

    private static final String UNDEFINED_MARKER = "{\"$undefined\":null}";

    private final JsonParser parser;
    private final List<Object> path = new ArrayList<>();

    private QueryParser(JsonParser parser) {
        this.parser = parser;
    }

    static SerializedQuery parse(String json) {
        try (JsonParser parser = ConvexJson.jsonFactory().createParser(json)) {
            QueryParser reader = new QueryParser(parser);
            SerializedQuery query = reader.readQuery(parser.nextToken());
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw reader.error("unexpected JSON after the query: " + describe(trailing));
            }
            return query;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SerializedQuery parse(JsonParser parser) {
        try {
            JsonToken token = parser.hasCurrentToken() ? parser.currentToken() : parser.nextToken();
            return new QueryParser(parser).readQuery(token);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- query and source ----

    private SerializedQuery readQuery(@Nullable JsonToken token) throws IOException {
        QueryFields fields = new QueryFields();
        readObject(token, "a query object {\"source\": ..., \"operators\": [...]}", (name, value) -> {
            switch (name) {
                case "source" -> fields.source = readSource(value);
                case "operators" -> fields.operators = readOperators(value);
                default -> skip(value);
            }
        });
        return new SerializedQuery(
                required(fields.source, "source", "query"), required(fields.operators, "operators", "query"));
    }

    private QuerySource readSource(JsonToken token) throws IOException {
        SourceFields fields = new SourceFields();
        readObject(token, "a source object", (name, value) -> {
            switch (name) {
                case "type" -> fields.type = readString(value);
                case "tableName" -> fields.tableName = readString(value);
                case "indexName" -> fields.indexName = readString(value);
                case "order" -> fields.order = readOrder(value);
                case "range" -> fields.range = readArray(value, this::readRangeExpression);
                case "filters" -> fields.filters = readArray(value, this::readSearchFilter);
                default -> skip(value);
            }
        });
        String type = required(fields.type, "type", "source");
        return switch (type) {
            case "FullTableScan" ->
                new QuerySource.FullTableScan(tableName(required(fields.tableName, "tableName", type)), fields.order);
            case "IndexRange" ->
                new QuerySource.IndexRange(
                        indexName(required(fields.indexName, "indexName", type)),
                        required(fields.range, "range", type),
                        fields.order);
            case "Search" ->
                new QuerySource.Search(
                        indexName(required(fields.indexName, "indexName", type)),
                        required(fields.filters, "filters", type));
            default ->
                throw error("unknown source type \"" + type
                        + "\"; expected \"FullTableScan\", \"IndexRange\" or \"Search\"");
        };
    }

    private Order readOrder(JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return Order.ASC;
        }
        String order = readString(token);
        return switch (order) {
            case "asc" -> Order.ASC;
            case "desc" -> Order.DESC;
            default -> throw error("expected \"asc\", \"desc\" or null, got \"" + order + "\"");
        };
    }

    private RangeExpression readRangeExpression(JsonToken token) throws IOException {
        ElementFields fields = readElement(token, "an index range expression {\"type\", \"fieldPath\", \"value\"}");
        String type = required(fields.type, "type", "range expression");
        RangeExpression.Type kind = switch (type) {
            case "Eq" -> RangeExpression.Type.EQ;
            case "Gt" -> RangeExpression.Type.GT;
            case "Gte" -> RangeExpression.Type.GTE;
            case "Lt" -> RangeExpression.Type.LT;
            case "Lte" -> RangeExpression.Type.LTE;
            default ->
                throw error("unknown index range expression type \"" + type
                        + "\"; expected \"Eq\", \"Gt\", \"Gte\", \"Lt\" or \"Lte\"");
        };
        FieldPath fieldPath = fieldPath(required(fields.fieldPath, "fieldPath", type));
        return new RangeExpression(kind, fieldPath, fields.value(type));
    }

    private SearchFilter readSearchFilter(JsonToken token) throws IOException {
        ElementFields fields = readElement(token, "a search filter {\"type\", \"fieldPath\", \"value\"}");
        String type = required(fields.type, "type", "search filter");
        FieldPath fieldPath = fieldPath(required(fields.fieldPath, "fieldPath", type));
        Optional<Value> value = fields.value(type);
        return switch (type) {
            case "Search" -> {
                if (value.orElse(null) instanceof Value.Str(String query)) {
                    yield new SearchFilter.Search(fieldPath, query);
                }
                throw error("the value of a \"Search\" filter must be a string, got " + ValueText.describe(value));
            }
            case "Eq" -> new SearchFilter.Eq(fieldPath, value);
            default -> throw error("unknown search filter type \"" + type + "\"; expected \"Search\" or \"Eq\"");
        };
    }

    private ElementFields readElement(JsonToken token, String what) throws IOException {
        ElementFields fields = new ElementFields();
        readObject(token, what, (name, value) -> {
            switch (name) {
                case "type" -> fields.type = readString(value);
                case "fieldPath" -> fields.fieldPath = readString(value);
                case "value" -> {
                    fields.value = readMaybeValue(value);
                    fields.hasValue = true;
                }
                default -> skip(value);
            }
        });
        return fields;
    }

    // ---- operators and expressions ----

    private List<QueryOperator> readOperators(JsonToken token) throws IOException {
        List<QueryOperator> operators = readArray(token, this::readOperator);
        if (operators.size() > SerializedQuery.MAX_OPERATORS) {
            throw new QueryException(
                    QueryException.TOO_MANY_OPERATORS,
                    "Query has too many operators: " + operators.size() + " (at most " + SerializedQuery.MAX_OPERATORS
                            + ")");
        }
        return operators;
    }

    private QueryOperator readOperator(JsonToken token) throws IOException {
        List<QueryOperator> found = new ArrayList<>(1);
        readObject(token, "an operator {\"filter\": ...} or {\"limit\": n}", (name, value) -> {
            if (!found.isEmpty()) {
                throw error(
                        "an operator has exactly one key, \"filter\" or \"limit\"; found another key \"" + name + "\"");
            }
            switch (name) {
                case "filter" -> found.add(new QueryOperator.Filter(readExpression(value, 1)));
                case "limit" -> found.add(new QueryOperator.Limit(readLimit(value)));
                default -> throw error("unknown operator \"" + name + "\"; expected \"filter\" or \"limit\"");
            }
        });
        if (found.isEmpty()) {
            throw error("an operator has exactly one key, \"filter\" or \"limit\"; found none");
        }
        return found.getFirst();
    }

    private long readLimit(JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0) {
            throw error("a limit must be a non-negative integer, got "
                    + (token.isNumeric() ? parser.getText() : describe(token)));
        }
        return parser.getLongValue();
    }

    private Expression readExpression(JsonToken token, int depth) throws IOException {
        if (depth > MAX_EXPRESSION_DEPTH) {
            throw error("the filter expression is nested more than " + MAX_EXPRESSION_DEPTH + " levels deep");
        }
        List<Expression> found = new ArrayList<>(1);
        readObject(token, "an expression object such as {\"$field\": \"a\"}", (name, value) -> {
            if (!found.isEmpty()) {
                throw error("an expression object has exactly one key; found another key \"" + name + "\"");
            }
            found.add(readOperation(name, value, depth));
        });
        if (found.isEmpty()) {
            throw error("an expression object has exactly one key such as \"$field\" or \"$eq\"; found none");
        }
        return found.getFirst();
    }

    private Expression readOperation(String key, JsonToken value, int depth) throws IOException {
        return switch (key) {
            case "$field" -> new Expression.Field(fieldPath(readString(value)));
            case "$literal" -> new Expression.Literal(readMaybeValue(value));
            case "$eq" -> compare(Expression.Comparison.EQ, value, depth);
            case "$neq" -> compare(Expression.Comparison.NEQ, value, depth);
            case "$lt" -> compare(Expression.Comparison.LT, value, depth);
            case "$lte" -> compare(Expression.Comparison.LTE, value, depth);
            case "$gt" -> compare(Expression.Comparison.GT, value, depth);
            case "$gte" -> compare(Expression.Comparison.GTE, value, depth);
            case "$add" -> arithmetic(Expression.ArithmeticOp.ADD, value, depth);
            case "$sub" -> arithmetic(Expression.ArithmeticOp.SUB, value, depth);
            case "$mul" -> arithmetic(Expression.ArithmeticOp.MUL, value, depth);
            case "$div" -> arithmetic(Expression.ArithmeticOp.DIV, value, depth);
            case "$mod" -> arithmetic(Expression.ArithmeticOp.MOD, value, depth);
            case "$neg" -> new Expression.Neg(readExpression(value, depth + 1));
            case "$not" -> new Expression.Not(readExpression(value, depth + 1));
            case "$and" -> new Expression.And(readArray(value, t -> readExpression(t, depth + 1)));
            case "$or" -> new Expression.Or(readArray(value, t -> readExpression(t, depth + 1)));
            default ->
                throw error("unknown expression operator \"" + key + "\"; expected one of $field, $literal, $eq,"
                        + " $neq, $lt, $lte, $gt, $gte, $add, $sub, $mul, $div, $mod, $neg, $and, $or, $not");
        };
    }

    private Expression compare(Expression.Comparison op, JsonToken token, int depth) throws IOException {
        List<Expression> operands = readOperands(op.key(), token, depth);
        return new Expression.Compare(op, operands.get(0), operands.get(1));
    }

    private Expression arithmetic(Expression.ArithmeticOp op, JsonToken token, int depth) throws IOException {
        List<Expression> operands = readOperands(op.key(), token, depth);
        return new Expression.Arithmetic(op, operands.get(0), operands.get(1));
    }

    private List<Expression> readOperands(String key, JsonToken token, int depth) throws IOException {
        List<Expression> operands = readArray(token, t -> readExpression(t, depth + 1));
        if (operands.size() != 2) {
            throw error(key + " takes exactly 2 operands [left, right], got " + operands.size());
        }
        return operands;
    }

    // ---- values ----

    private Optional<Value> readMaybeValue(JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return Optional.of(decode(() -> ConvexJson.decode(parser)));
        }
        String text = JsonCopy.copyCurrentStructure(parser);
        if (text.equals(UNDEFINED_MARKER)) {
            return Optional.empty();
        }
        return Optional.of(decode(() -> ConvexJson.decode(text)));
    }

    private Value decode(Supplier<Value> decoder) {
        try {
            return decoder.get();
        } catch (InvalidValueException e) {
            throw error(String.valueOf(e.getMessage()), e);
        }
    }

    // ---- structure helpers ----

    private interface FieldReader {
        void read(String name, JsonToken value) throws IOException;
    }

    private interface ElementReader<T> {
        T read(JsonToken token) throws IOException;
    }

    private void readObject(@Nullable JsonToken token, String what, FieldReader reader) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw error("expected " + what + ", got " + describe(token));
        }
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            String name = parser.currentName();
            JsonToken value = next();
            path.add(name);
            reader.read(name, value);
            path.removeLast();
        }
    }

    private <T> List<T> readArray(JsonToken token, ElementReader<T> reader) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw error("expected an array, got " + describe(token));
        }
        List<T> elements = new ArrayList<>();
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            path.add(elements.size());
            elements.add(reader.read(t));
            path.removeLast();
        }
        return elements;
    }

    private String readString(JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw error("expected a string, got " + describe(token));
        }
        return parser.getText();
    }

    private void skip(JsonToken token) throws IOException {
        if (token.isStructStart()) {
            parser.skipChildren();
        }
    }

    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw error("unexpected end of the JSON text");
        }
        return token;
    }

    private FieldPath fieldPath(String text) {
        try {
            return FieldPath.parse(text);
        } catch (QueryException e) {
            throw error(String.valueOf(e.getMessage()), e);
        }
    }

    private String tableName(String name) {
        try {
            FieldNames.checkIdentifier("table name", name);
            return name;
        } catch (InvalidValueException e) {
            throw error(e.reason(), e);
        }
    }

    private IndexName indexName(String name) {
        try {
            return IndexName.parse(name);
        } catch (QueryException e) {
            throw error(String.valueOf(e.getMessage()), e);
        }
    }

    private <T> T required(@Nullable T value, String key, String owner) {
        if (value == null) {
            throw error("missing \"" + key + "\" in the " + owner);
        }
        return value;
    }

    // ---- errors ----

    private QueryException error(String reason) {
        return new QueryException(QueryException.INVALID_QUERY, message(reason));
    }

    private QueryException error(String reason, Throwable cause) {
        return new QueryException(QueryException.INVALID_QUERY, message(reason), cause);
    }

    private String message(String reason) {
        return path.isEmpty() ? "Invalid query: " + reason : "Invalid query at " + renderPath() + ": " + reason;
    }

    private String renderPath() {
        StringBuilder out = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(segment);
            }
        }
        return out.toString();
    }

    private static String describe(@Nullable JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static QueryException malformed(JsonProcessingException e) {
        return new QueryException(
                QueryException.INVALID_QUERY, "Invalid query: malformed JSON: " + e.getOriginalMessage(), e);
    }

    /** The fields of the query object as read so far. */
    private static final class QueryFields {
        @Nullable
        QuerySource source;

        @Nullable
        List<QueryOperator> operators;
    }

    /** The fields of a source object as read so far; {@code order} defaults to ascending. */
    private static final class SourceFields {
        @Nullable
        String type;

        @Nullable
        String tableName;

        @Nullable
        String indexName;

        Order order = Order.ASC;

        @Nullable
        List<RangeExpression> range;

        @Nullable
        List<SearchFilter> filters;
    }

    /** The fields of a range expression or search filter as read so far. */
    private final class ElementFields {
        @Nullable
        String type;

        @Nullable
        String fieldPath;

        Optional<Value> value = Optional.empty();
        boolean hasValue;

        Optional<Value> value(String owner) {
            if (!hasValue) {
                throw error("missing \"value\" in the " + owner);
            }
            return value;
        }
    }
}
