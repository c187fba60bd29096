package dev.slipway.value;

import java.util.Optional;

/**
 * The naming rules of §1.1: field names (object keys) and identifiers (table names, index names,
 * function export names).
 *
 * <ul>
 *   <li>A <b>field name</b> does not start with {@code $}, has only non-control ASCII characters
 *       (U+0020..U+007E) and at most 1024 characters. The empty string is a valid field name.
 *   <li>An <b>identifier</b> starts with a letter or {@code _}, continues with letters, digits and
 *       {@code _}, has at most 64 characters and is not all underscores. A <b>user identifier</b>
 *       (user table and index names) in addition does not start with {@code _}.
 * </ul>
 */
public final class FieldNames {
    /** Longest field name, in characters. */
    public static final int MAX_FIELD_NAME_LENGTH = 1024;
    /** Longest identifier, in characters. */
    public static final int MAX_IDENTIFIER_LENGTH = 64;

    private FieldNames() {}

    /** Whether {@code name} may be a key of a Convex object. */
    public static boolean isValidFieldName(String name) {
        return fieldNameProblem(name).isEmpty();
    }

    /**
     * Checks {@code name} as an object key.
     *
     * @throws InvalidValueException naming the field and the broken rule
     */
    public static void checkFieldName(String name) {
        checkFieldName(name, new ValuePath());
    }

    static void checkFieldName(String name, ValuePath path) {
        Optional<String> problem = fieldNameProblem(name);
        if (problem.isPresent()) {
            throw path.error(problem.get());
        }
    }

    /** Why a field name is invalid, or empty when it is valid. */
    static Optional<String> fieldNameProblem(String name) {
        if (name.length() > MAX_FIELD_NAME_LENGTH) {
            return Optional.of("field name " + quoted(name.substring(0, 40)) + "... is too long (" + name.length()
                    + " characters > maximum " + MAX_FIELD_NAME_LENGTH + ")");
        }
        if (name.startsWith("$")) {
            return Optional.of(dollarReason(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                return Optional.of("field name " + quoted(name) + " has invalid character " + Utf8.describeChar(name, i)
                        + " at index " + i + ": field names can only contain non-control ASCII characters");
            }
        }
        return Optional.empty();
    }

    static String dollarReason(String name) {
        return "field name " + quoted(name) + " starts with '$', which is reserved";
    }

    /** Whether {@code name} is an identifier (see the class comment). */
    public static boolean isValidIdentifier(String name) {
        return identifierProblem(name).isEmpty();
    }

    /**
     * Checks {@code name} as an identifier.
     *
     * @param kind what the name names, for the message (e.g. {@code "table name"})
     * @throws InvalidValueException naming the identifier and the broken rule
     */
    public static void checkIdentifier(String kind, String name) {
        Optional<String> problem = identifierProblem(name);
        if (problem.isPresent()) {
            throw new InvalidValueException("", kind + " " + quoted(name) + " is invalid: " + problem.get());
        }
    }

    /**
     * Checks {@code name} as a user identifier (user table and index names): an identifier that does
     * not start with {@code _}, which is reserved for system tables and indexes.
     *
     * @param kind what the name names, for the message (e.g. {@code "index name"})
     * @throws InvalidValueException naming the identifier and the broken rule
     */
    public static void checkUserIdentifier(String kind, String name) {
        checkIdentifier(kind, name);
        if (name.startsWith("_")) {
            throw new InvalidValueException(
                    "", kind + " " + quoted(name) + " is invalid: names starting with '_' are reserved for the system");
        }
    }

    private static Optional<String> identifierProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("identifiers cannot be empty");
        }
        if (!isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            return Optional.of("identifiers must start with a letter or an underscore");
        }
        boolean onlyUnderscores = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isLetter(c) || (c >= '0' && c <= '9')) {
                onlyUnderscores = false;
            } else if (c != '_') {
                return Optional.of("identifiers can only contain letters, digits and underscores, found "
                        + Utf8.describeChar(name, i) + " at index " + i);
            }
        }
        if (name.length() > MAX_IDENTIFIER_LENGTH) {
            return Optional.of(
                    "identifiers have at most " + MAX_IDENTIFIER_LENGTH + " characters, this one has " + name.length());
        }
        if (onlyUnderscores) {
            return Optional.of("identifiers cannot consist of underscores only");
        }
        return Optional.empty();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        JsonText.appendQuoted(out, s);
        return out.toString();
    }
}
