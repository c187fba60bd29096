package dev.slipway.database.query;

import dev.slipway.value.FieldNames;
import dev.slipway.value.InvalidValueException;

/**
 * The name of an index as queries write it: {@code "<table>.<index>"}, e.g. {@code
 * messages.by_channel}. Both parts are identifiers; system tables and the built-in indexes ({@code
 * by_id}, {@code by_creation_time}) are allowed.
 */
public record IndexName(String table, String index) {
    /** @throws QueryException ({@link QueryException#INVALID_QUERY}) when a part is not an identifier */
    public IndexName {
        check("table name", table, table + "." + index);
        check("index name", index, table + "." + index);
    }

    /**
     * Parses {@code "<table>.<index>"}.
     *
     * @throws QueryException ({@link QueryException#INVALID_QUERY}) naming the bad name
     */
    public static IndexName parse(String name) {
        int dot = name.indexOf('.');
        if (dot < 0 || name.indexOf('.', dot + 1) >= 0) {
            throw new QueryException(
                    QueryException.INVALID_QUERY,
                    "Invalid index name \"" + name + "\": expected \"<table>.<index>\" with exactly one dot");
        }
        return new IndexName(name.substring(0, dot), name.substring(dot + 1));
    }

    @Override
    public String toString() {
        return table + "." + index;
    }

    private static void check(String kind, String name, String whole) {
        try {
            FieldNames.checkIdentifier(kind, name);
        } catch (InvalidValueException e) {
            throw new QueryException(
                    QueryException.INVALID_QUERY, "Invalid index name \"" + whole + "\": " + e.reason(), e);
        }
    }
}
