package dev.slipway.database.query;

import dev.slipway.value.FieldNames;
import dev.slipway.value.InvalidValueException;
import dev.slipway.value.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A path to a field inside a document, written dot-separated ({@code "author.name"}). Every segment
 * is an identifier (letters, digits, {@code _}; see {@link FieldNames}), so paths cannot reach
 * fields whose names are not identifiers, as in Convex.
 *
 * @param segments the field names from the document's top level down, at least one
 */
public record FieldPath(List<String> segments) {
    /** The {@code _id} system field. */
    public static final FieldPath ID = new FieldPath(List.of("_id"));
    /** The {@code _creationTime} system field. */
    public static final FieldPath CREATION_TIME = new FieldPath(List.of("_creationTime"));

    /** @throws QueryException ({@link QueryException#INVALID_QUERY}) when a segment is not an identifier */
    public FieldPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new QueryException(QueryException.INVALID_QUERY, "Invalid field path: it is empty");
        }
        for (String segment : segments) {
            checkSegment(segments, segment);
        }
    }

    /**
     * Parses a dot-separated path. Leading and trailing dots are ignored, as the Convex backend does
     * ({@code ".a."} is {@code a}).
     *
     * @throws QueryException ({@link QueryException#INVALID_QUERY}) naming the path and the bad segment
     */
    public static FieldPath parse(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '.') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '.') {
            end--;
        }
        if (start == end) {
            throw new QueryException(
                    QueryException.INVALID_QUERY, "Invalid field path \"" + path + "\": it names no field");
        }
        return new FieldPath(Arrays.asList(path.substring(start, end).split("\\.", -1)));
    }

    /** The path of the given segments, e.g. {@code of("author", "name")}. */
    public static FieldPath of(String... segments) {
        return new FieldPath(List.of(segments));
    }

    /**
     * The value at this path in {@code object}, or empty when a field on the way is missing or a value
     * on the way is not an object.
     */
    public Optional<Value> extract(Value.Obj object) {
        Value current = object;
        for (String segment : segments) {
            if (!(current instanceof Value.Obj(var fields))) {
                return Optional.empty();
            }
            Value next = fields.get(segment);
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    /** The dot-separated form. */
    @Override
    public String toString() {
        return String.join(".", segments);
    }

    private static void checkSegment(List<String> segments, String segment) {
        try {
            FieldNames.checkIdentifier("field name", segment);
        } catch (InvalidValueException e) {
            throw new QueryException(
                    QueryException.INVALID_QUERY,
                    "Invalid field path \"" + String.join(".", segments) + "\": " + e.reason(),
                    e);
        }
    }
}
