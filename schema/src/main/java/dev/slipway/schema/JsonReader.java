package dev.slipway.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed members out of a {@link Json} tree and fails with a {@link SchemaException} that names
 * the JSON path of the offending node ({@code $.tables[2].indexes[0].fields[1]}) and what was found
 * there instead.
 */
final class JsonReader {
    private final String code;
    private final String what;

    /**
     * @param code the error code of structural errors (wrong type, missing key)
     * @param what what is being read, for messages (e.g. {@code "schema JSON"})
     */
    JsonReader(String code, String what) {
        this.code = code;
        this.what = what;
    }

    /** The path of member {@code key} below {@code path}. */
    static String member(String path, String key) {
        return path + Paths.field(key);
    }

    /** The path of element {@code index} below {@code path}. */
    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    SchemaException error(String path, String problem) {
        return new SchemaException(code, "Invalid " + what + " at " + path + ": " + problem);
    }

    Json.Obj object(Json node, String path) {
        if (node instanceof Json.Obj obj) {
            return obj;
        }
        throw error(path, "expected an object, found " + node.describe());
    }

    Json required(Json.Obj obj, String key, String path) {
        Json value = obj.members().get(key);
        if (value == null) {
            throw error(path, "the key \"" + key + "\" is missing");
        }
        return value;
    }

    /** The member {@code key}; empty when it is absent or {@code null} (as serde reads an {@code Option}). */
    Optional<Json> optional(Json.Obj obj, String key) {
        Json value = obj.members().get(key);
        return value == null || value instanceof Json.Null ? Optional.empty() : Optional.of(value);
    }

    String string(Json node, String path) {
        if (node instanceof Json.Str s) {
            return s.value();
        }
        throw error(path, "expected a string, found " + node.describe());
    }

    String requiredString(Json.Obj obj, String key, String path) {
        return string(required(obj, key, path), member(path, key));
    }

    boolean bool(Json node, String path) {
        if (node instanceof Json.Bool b) {
            return b.value();
        }
        throw error(path, "expected true or false, found " + node.describe());
    }

    List<Json> array(Json node, String path) {
        if (node instanceof Json.Arr a) {
            return a.elements();
        }
        throw error(path, "expected an array, found " + node.describe());
    }

    /** A non-negative integer that fits an {@code int}, written without a fraction or exponent. */
    int nonNegativeInt(Json node, String path) {
        if (node instanceof Json.Num n && n.text().chars().allMatch(c -> c >= '0' && c <= '9')) {
            BigDecimal value = new BigDecimal(n.text());
            if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return value.intValueExact();
            }
        }
        throw error(path, "expected a non-negative integer, found " + node.describe());
    }
}
