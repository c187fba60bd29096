package dev.slipway.database.query;

import com.fasterxml.jackson.core.JsonParser;
import dev.slipway.value.ConvexJson;
import java.util.List;

/**
 * A database query as {@code convex/server} sends it in the {@code query} argument of the {@code
 * 1.0/queryStream} and {@code 1.0/queryPage} syscalls (§5.6 of the interface reference): a source and
 * up to {@value #MAX_OPERATORS} operators.
 *
 * <p>The wire form is JSON that embeds Convex-JSON values but is not itself Convex-JSON: filter
 * expressions are objects with {@code $}-keys ({@code {"$eq": [...]}}, {@code {"$field": "a"}}), and
 * {@code {"$undefined":null}} stands for {@code undefined} at the top of an index-range value, a
 * search {@code Eq} value and a {@code $literal}. {@link ConvexJson} rightly rejects both (reserved
 * field names; not a value), so the syscall arguments must not be decoded to a {@link
 * dev.slipway.value.Value} first. Parse the raw JSON text instead, with {@link #parse(String)}, or,
 * while reading the syscall arguments {@code {"query": ..., "version": ...}}, with {@link
 * #parse(JsonParser)}. The embedded values are decoded by {@link ConvexJson}, with all its rules.
 */
public record SerializedQuery(QuerySource source, List<QueryOperator> operators) {
    /** The most operators a query may have (Convex's {@code MAX_QUERY_OPERATORS}). */
    public static final int MAX_OPERATORS = 256;

    /** @throws QueryException ({@link QueryException#TOO_MANY_OPERATORS}) above {@link #MAX_OPERATORS} */
    public SerializedQuery {
        operators = List.copyOf(operators);
        if (operators.size() > MAX_OPERATORS) {
            throw new QueryException(
                    QueryException.TOO_MANY_OPERATORS,
                    "Query has too many operators: " + operators.size() + " (at most " + MAX_OPERATORS + ")");
        }
    }

    /**
     * Parses the JSON text of a serialized query.
     *
     * @throws QueryException ({@link QueryException#INVALID_QUERY}) naming the bad part, e.g. {@code
     *     source.range[1].value}
     */
    public static SerializedQuery parse(String json) {
        return QueryParser.parse(json);
    }

    /**
     * Parses the serialized query at the parser's current token (or, for a fresh parser, its next
     * token), which must start an object. Leaves the parser on that object's closing token. Create
     * the parser with {@link ConvexJson#jsonFactory()}.
     *
     * @throws QueryException ({@link QueryException#INVALID_QUERY}) naming the bad part
     */
    public static SerializedQuery parse(JsonParser parser) {
        return QueryParser.parse(parser);
    }
}
