package dev.slipway.value;

import java.util.Map;

/**
 * The rules for stored documents (§1.1, §2.2 of the interface reference) on top of the general value
 * rules: at most 1 MiB ({@link #MAX_SIZE}) and 16 levels of nesting ({@link #MAX_NESTING}, the
 * document object itself being level 1), and top-level field names that do not start with {@code
 * _} except the system fields {@code _id} (a string) and {@code _creationTime} (a Float64).
 */
public final class Documents {
    /** Largest document size, 1 MiB, counting {@code _id} and {@code _creationTime}. */
    public static final long MAX_SIZE = 1L << 20;
    /** Deepest document nesting; a flat document has nesting 1. */
    public static final int MAX_NESTING = 16;
    /** The id system field. */
    public static final String ID_FIELD = "_id";
    /** The creation-time system field. */
    public static final String CREATION_TIME_FIELD = "_creationTime";

    private Documents() {}

    /**
     * Checks the top-level field names of a document or of a user's insert/patch/replace value: no
     * {@code _} prefix except {@code _id} and {@code _creationTime}, which must be a string and a
     * Float64.
     *
     * @throws InvalidValueException naming the offending field
     */
    public static void checkTopLevelFields(Value.Obj value) {
        for (Map.Entry<String, Value> field : value.fields().entrySet()) {
            String name = field.getKey();
            if (name.equals(ID_FIELD)) {
                if (!(field.getValue() instanceof Value.Str)) {
                    throw fieldError(name, "the '_id' field must be an ID string, is " + typeName(field.getValue()));
                }
            } else if (name.equals(CREATION_TIME_FIELD)) {
                if (!(field.getValue() instanceof Value.Float64)) {
                    throw fieldError(
                            name, "the '_creationTime' field must be a Float64, is " + typeName(field.getValue()));
                }
            } else if (name.startsWith("_")) {
                throw fieldError(
                        name,
                        "field '" + name + "' starts with an underscore, which is only allowed for the system"
                                + " fields _id and _creationTime");
            }
        }
    }

    /**
     * Checks everything a stored document must satisfy: {@link #checkTopLevelFields}, the general
     * limits (array length, field count) and the document limits on nesting and size. Pass the
     * document as stored, with its system fields, since they count towards its size.
     *
     * @throws InvalidValueException naming the path and the broken rule
     */
    public static void check(Value.Obj document) {
        checkTopLevelFields(document);
        new LimitChecker(MAX_NESTING, MAX_SIZE, "document").check(document);
    }

    private static InvalidValueException fieldError(String name, String reason) {
        ValuePath path = new ValuePath();
        return path.errorAtField(name, reason);
    }

    static String typeName(Value value) {
        return switch (value) {
            case Value.Null ignored -> "null";
            case Value.Int64 ignored -> "an Int64";
            case Value.Float64 ignored -> "a Float64";
            case Value.Bool ignored -> "a boolean";
            case Value.Str ignored -> "a string";
            case Value.Bytes ignored -> "bytes";
            case Value.Array ignored -> "an array";
            case Value.Obj ignored -> "an object";
        };
    }
}
