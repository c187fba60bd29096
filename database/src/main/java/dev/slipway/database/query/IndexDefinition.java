package dev.slipway.database.query;

import dev.slipway.value.FieldNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A database index of one table: its name and the fields the developer declared. Index keys are
 * made of the {@link #effectiveFields()}: for a user index the declared fields, then {@code
 * _creationTime}, then {@code _id}; for the built-in {@code by_creation_time} {@code [_creationTime,
 * _id]}; for the built-in {@code by_id} {@code [_id]}.
 *
 * @param table the table name
 * @param name the index name within the table ({@code by_channel})
 * @param declaredFields the fields declared in the schema, in order; empty for the built-ins
 */
public record IndexDefinition(String table, String name, List<FieldPath> declaredFields) {
    /** Name of the built-in index on {@code _id}. */
    public static final String BY_ID = "by_id";
    /** Name of the built-in index on {@code _creationTime}. */
    public static final String BY_CREATION_TIME = "by_creation_time";
    /** The most fields a user index may declare (§7.1). */
    public static final int MAX_DECLARED_FIELDS = 16;

    /**
     * @throws IllegalArgumentException when a name is not an identifier, a built-in declares fields,
     *     or a user index declares more than {@value #MAX_DECLARED_FIELDS} fields, a system field or
     *     a field twice
     */
    public IndexDefinition {
        declaredFields = List.copyOf(declaredFields);
        if (!FieldNames.isValidIdentifier(table) || !FieldNames.isValidIdentifier(name)) {
            throw new IllegalArgumentException("invalid index name " + table + "." + name);
        }
        if (isBuiltIn(name)) {
            if (!declaredFields.isEmpty()) {
                throw new IllegalArgumentException(
                        "the built-in index " + table + "." + name + " declares no fields, got " + declaredFields);
            }
        } else {
            checkDeclaredFields(table + "." + name, declaredFields);
        }
    }

    /** The built-in {@code by_id} index of {@code table}. */
    public static IndexDefinition byId(String table) {
        return new IndexDefinition(table, BY_ID, List.of());
    }

    /** The built-in {@code by_creation_time} index of {@code table}, used by full table scans. */
    public static IndexDefinition byCreationTime(String table) {
        return new IndexDefinition(table, BY_CREATION_TIME, List.of());
    }

    /** Whether {@code indexName} is the name of a built-in index. */
    public static boolean isBuiltIn(String indexName) {
        return indexName.equals(BY_ID) || indexName.equals(BY_CREATION_TIME);
    }

    /** The {@code "<table>.<index>"} name. */
    public IndexName indexName() {
        return new IndexName(table, name);
    }

    /** The fields of the index keys, in order; always ends with {@code _id}. */
    public List<FieldPath> effectiveFields() {
        if (name.equals(BY_ID)) {
            return List.of(FieldPath.ID);
        }
        List<FieldPath> fields = new ArrayList<>(declaredFields.size() + 2);
        fields.addAll(declaredFields);
        fields.add(FieldPath.CREATION_TIME);
        fields.add(FieldPath.ID);
        return List.copyOf(fields);
    }

    private static void checkDeclaredFields(String index, List<FieldPath> fields) {
        if (fields.size() > MAX_DECLARED_FIELDS) {
            throw new IllegalArgumentException("index " + index + " declares " + fields.size()
                    + " fields, more than the maximum " + MAX_DECLARED_FIELDS);
        }
        HashSet<FieldPath> seen = new HashSet<>();
        for (FieldPath field : fields) {
            if (field.equals(FieldPath.ID) || field.equals(FieldPath.CREATION_TIME)) {
                throw new IllegalArgumentException("index " + index + " declares the system field " + field
                        + ", which every index already ends with");
            }
            if (!seen.add(field)) {
                throw new IllegalArgumentException("index " + index + " declares field " + field + " twice");
            }
        }
    }
}
