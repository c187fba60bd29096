package dev.slipway.schema;

import dev.slipway.value.Value;

/**
 * Why a value failed a validator: the first problem found, in the order the Convex backend looks
 * (object fields by name, then extra fields; array elements in order; a record's key before its
 * value). The set is closed.
 *
 * <p>{@link #path()} locates the problem inside the value: {@code .author.name}, {@code .tags[2]},
 * {@code .scores["a b"]} for a record entry, {@code .scores.keys()} for a record key; empty for the
 * value itself. {@link #message()} is Convex's wording, with the path on a {@code Path:} line, the
 * value (or object) that was found rendered compactly and cut after 1000 characters, and the
 * expected validator in {@code v.*} form:
 *
 * <pre>
 * Object is missing the required field `name`. Consider wrapping the field validator in `v.optional(...)` if this is expected.
 * Path: .author
 * Object: {id: "j57..."}
 * Validator: v.object({id: v.id("users"), name: v.string()})
 * </pre>
 *
 * <p>Differences from the Convex backend's text: a record value's path names its key (Convex writes
 * {@code .values()}); bigints print as {@code 1n}; the literal and ID messages put the path on its
 * own line instead of right after the final period.
 */
public sealed interface ValidationError {

    /** Where in the value the problem is; empty for the value itself. */
    String path();

    /** The full message, as above. */
    String message();

    /** The value does not match the validator (wrong type, or no member of a union matches). */
    record NoMatch(String path, Value value, Validator expected) implements ValidationError {
        @Override
        public String message() {
            return "Value does not match validator.\n" + pathLine(path) + "\nValue: " + ValueText.render(value)
                    + "\nValidator: " + expected;
        }

        @Override
        public String toString() {
            return message();
        }
    }

    /** The value is not the literal's value. */
    record LiteralMismatch(String path, Value value, Validator.Literal expected) implements ValidationError {
        @Override
        public String message() {
            return "`" + ValueText.render(value) + "` does not match literal validator `" + expected + "`."
                    + pathSuffix(path);
        }

        @Override
        public String toString() {
            return message();
        }
    }

    /** An object lacks a required field; {@code object} is the object at {@link #path()}. */
    record MissingField(String path, String field, Value.Obj object, Validator.Obj expected)
            implements ValidationError {
        @Override
        public String message() {
            return "Object is missing the required field `" + field
                    + "`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n"
                    + pathLine(path) + "\nObject: " + ValueText.render(object) + "\nValidator: " + expected;
        }

        @Override
        public String toString() {
            return message();
        }
    }

    /** An object has a field its validator does not declare; {@code object} is the object at {@link #path()}. */
    record ExtraField(String path, String field, Value.Obj object, Validator.Obj expected) implements ValidationError {
        @Override
        public String message() {
            return "Object contains extra field `" + field + "` that is not in the validator.\n" + pathLine(path)
                    + "\nObject: " + ValueText.render(object) + "\nValidator: " + expected;
        }

        @Override
        public String toString() {
            return message();
        }
    }

    /**
     * A {@code v.id(expectedTable)} got the ID of a document in {@code foundTable} (a system table
     * when it starts with {@code _}).
     */
    record WrongTable(String path, String id, String foundTable, String expectedTable) implements ValidationError {
        @Override
        public String message() {
            String from = foundTable.startsWith("_") ? "a system table" : "table `" + foundTable + "`";
            return "Found ID " + Json.quote(id) + " from " + from + ", which does not match the table name in"
                    + " validator `v.id(" + Json.quote(expectedTable) + ")`." + pathSuffix(path);
        }

        @Override
        public String toString() {
            return message();
        }
    }

    private static String pathLine(String path) {
        return path.isEmpty() ? "" : "Path: " + path;
    }

    private static String pathSuffix(String path) {
        return path.isEmpty() ? "" : "\nPath: " + path;
    }
}
