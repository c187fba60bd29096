package dev.slipway.schema;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names the table behind a table number, so that {@code v.id("users")} can check that an ID string
 * belongs to {@code users}: an ID carries its table's number, and only the deployment knows which
 * table has that number (user tables and the system tables visible to user code, such as {@code
 * _storage}).
 */
@FunctionalInterface
public interface TableResolver {

    /** The name of the table with number {@code tableNumber}, or empty when there is no such table. */
    Optional<String> tableName(int tableNumber);

    /**
     * A resolver over a fixed mapping of table names to numbers.
     *
     * @throws IllegalArgumentException when two names share a number
     */
    static TableResolver of(Map<String, Integer> tableNumbers) {
        Map<Integer, String> names = new HashMap<>();
        for (Map.Entry<String, Integer> table : tableNumbers.entrySet()) {
            String previous = names.put(table.getValue(), table.getKey());
            if (previous != null) {
                throw new IllegalArgumentException("tables " + Json.quote(previous) + " and "
                        + Json.quote(table.getKey()) + " have the same number " + table.getValue());
            }
        }
        Map<Integer, String> copy = Map.copyOf(names);
        return number -> Optional.ofNullable(copy.get(number));
    }
}
