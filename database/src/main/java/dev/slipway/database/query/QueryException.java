package dev.slipway.database.query;

import dev.slipway.value.SlipwayException;

/**
 * A query is malformed, does not fit its index, or its filter failed to evaluate. These are developer
 * errors: the message names the query part, index, field or expression at fault. The {@link #code()}
 * is one of the constants below; where Convex has an equivalent error its code is reused.
 */
public final class QueryException extends SlipwayException {
    private static final long serialVersionUID = 1L;

    /** The serialized query is not valid JSON or does not have the shape of a SerializedQuery. */
    public static final String INVALID_QUERY = "InvalidQuery";
    /** More than {@link SerializedQuery#MAX_OPERATORS} operators. */
    public static final String TOO_MANY_OPERATORS = "TooManyOperators";
    /** The named index does not exist. */
    public static final String INDEX_NOT_FOUND = "IndexNotFoundError";
    /** The index exists but is still backfilling. */
    public static final String INDEX_NOT_READY = "IndexNotReady";
    /** The query reads a search index, which this server cannot execute yet. */
    public static final String SEARCH_NOT_SUPPORTED = "SearchIndexNotSupported";
    /** A second equality on a field, a second lower or upper bound, or a bound on a field with an equality. */
    public static final String ALREADY_DEFINED_BOUND = "AlreadyDefinedBound";
    /** Lower and upper bounds on different fields. */
    public static final String BOUNDS_ON_MULTIPLE_FIELDS = "BoundsOnMultipleFields";
    /** The range's fields are not a prefix of the index fields. */
    public static final String INVALID_INDEX_RANGE = "InvalidIndexRange";
    /** The range compares a field that the index does not contain. */
    public static final String FIELD_NOT_IN_INDEX = "FieldNotInIndex";
    /** A filter expression failed: wrong operand types, Int64 overflow, division by zero, non-boolean. */
    public static final String EVAL_ERROR = "EvalError";

    public QueryException(String code, String message) {
        super(code, message);
    }

    public QueryException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
