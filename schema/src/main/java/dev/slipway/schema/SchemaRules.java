package dev.slipway.schema;

import dev.slipway.value.Documents;
import dev.slipway.value.FieldNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The rules a schema must satisfy to be pushed, as the Convex backend checks them when it parses a
 * schema ({@code common::schemas::json}) and evaluates it for a push ({@code
 * application::_evaluate_schema}: user index fields, then {@code check_index_references}). Errors
 * carry Convex's codes; the messages say the same in our words and always name the table and the
 * index. The order of the checks is Convex's, so the first problem reported is the same.
 */
final class SchemaRules {
    private static final String CREATION_TIME = Documents.CREATION_TIME_FIELD;

    private SchemaRules() {}

    /**
     * A field path as an index names it ({@code "author.name"}): Convex trims leading and trailing
     * dots, then every dot-separated part must be an identifier.
     *
     * @return the normalized path
     */
    private static String fieldPath(String table, String index, String raw) {
        String trimmed = trimDots(raw);
        boolean valid =
                !trimmed.isEmpty() && Arrays.stream(trimmed.split("\\.", -1)).allMatch(FieldNames::isValidIdentifier);
        if (!valid) {
            throw error(
                    "InvalidIndexField",
                    inIndex(table, index) + "Invalid index field: " + Json.quote(raw)
                            + ". A field path is one or more field names (letters, digits and underscores,"
                            + " starting with a letter or an underscore) joined by dots.");
        }
        return trimmed;
    }

    private static String trimDots(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == '.') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == '.') {
            end--;
        }
        return raw.substring(start, end);
    }

    /**
     * Checks a table's database indexes as Convex parses them (name, then fields), then that none
     * is empty.
     *
     * @return the indexes with normalized field paths
     */
    static List<Schema.Index> databaseIndexes(String table, List<Schema.Index> indexes, boolean staged) {
        List<Schema.Index> out = new ArrayList<>(indexes.size());
        for (Schema.Index index : indexes) {
            checkIndexName(table, index.name());
            List<String> fields = index.fields().stream()
                    .map(f -> fieldPath(table, index.name(), f))
                    .toList();
            checkDatabaseIndexFields(table, index.name(), fields);
            out.add(new Schema.Index(index.name(), fields));
        }
        out.forEach(index -> checkNotEmpty(table, index.name(), index.fields(), staged));
        return List.copyOf(out);
    }

    /** @return the search indexes with normalized field paths */
    static List<Schema.SearchIndex> searchIndexes(String table, List<Schema.SearchIndex> indexes) {
        List<Schema.SearchIndex> out = new ArrayList<>(indexes.size());
        for (Schema.SearchIndex index : indexes) {
            checkIndexName(table, index.name());
            String searchField = fieldPath(table, index.name(), index.searchField());
            List<String> filterFields = index.filterFields().stream()
                    .map(f -> fieldPath(table, index.name(), f))
                    .toList();
            checkFilterFieldCount(table, index.name(), filterFields);
            out.add(new Schema.SearchIndex(index.name(), searchField, filterFields));
        }
        return List.copyOf(out);
    }

    /** @return the vector indexes with normalized field paths */
    static List<Schema.VectorIndex> vectorIndexes(String table, List<Schema.VectorIndex> indexes) {
        List<Schema.VectorIndex> out = new ArrayList<>(indexes.size());
        for (Schema.VectorIndex index : indexes) {
            checkIndexName(table, index.name());
            String vectorField = fieldPath(table, index.name(), index.vectorField());
            List<String> filterFields = index.filterFields().stream()
                    .map(f -> fieldPath(table, index.name(), f))
                    .toList();
            checkDimensions(table, index.name(), index.dimensions());
            checkFilterFieldCount(table, index.name(), filterFields);
            out.add(new Schema.VectorIndex(index.name(), vectorField, index.dimensions(), filterFields));
        }
        return List.copyOf(out);
    }

    /** The push-time rules of every database index, staged or not; see {@link #checkUserIndexFields}. */
    static void userIndexFields(String table, List<Schema.Index> indexes) {
        for (Schema.Index index : indexes) {
            checkUserIndexFields(table, index.name(), index.fields());
        }
    }

    /** A table's document type must be an object, a union of objects, or {@code v.any()}. */
    static void checkDocumentType(String table, String what, Validator documentType) {
        switch (documentType) {
            case Validator.Any _, Validator.Obj _ -> {}
            case Validator.Union union -> {
                for (Validator member : union.members()) {
                    if (!(member instanceof Validator.Obj)) {
                        throw topLevelType(table, what, member);
                    }
                }
            }
            case Validator.Null _,
                    Validator.Float64 _,
                    Validator.Int64 _,
                    Validator.CommitTs _,
                    Validator.Bool _,
                    Validator.Str _,
                    Validator.Bytes _,
                    Validator.Literal _,
                    Validator.Id _,
                    Validator.Array _,
                    Validator.RecordOf _ -> throw topLevelType(table, what, documentType);
        }
    }

    private static SchemaException topLevelType(String table, String what, Validator found) {
        return error(
                "InvalidTopLevelTypeInSchemaError",
                "In table " + Json.quote(table) + ": the " + what + " in a schema must be an object, a union of"
                        + " objects, or `v.any()`. Found " + found + ".");
    }

    static void checkTableName(String table) {
        if (!FieldNames.isValidIdentifier(table)) {
            throw error(
                    "InvalidTableName",
                    "Invalid table name: " + Json.quote(table) + ". Table names start with a letter, contain"
                            + " only letters, digits and underscores, and have at most 64 characters.");
        }
        if (table.startsWith("_")) {
            throw error(
                    "TableNameReserved",
                    "Invalid table name: " + Json.quote(table) + ". Names starting with an underscore are"
                            + " reserved for system tables.");
        }
    }

    static void checkIndexCount(String table, int count) {
        if (count > Schema.MAX_INDEXES_PER_TABLE) {
            throw error(
                    "TooManyIndexes",
                    "Table " + Json.quote(table) + " cannot have more than " + Schema.MAX_INDEXES_PER_TABLE
                            + " indexes (database, search and vector indexes, staged or not); it has " + count
                            + ".");
        }
    }

    /** An index name is an identifier (checked when it is parsed, before its fields). */
    private static void checkIndexName(String table, String index) {
        if (!FieldNames.isValidIdentifier(index)) {
            throw error(
                    "InvalidIndexName",
                    "In table " + Json.quote(table) + ": Invalid index name: " + Json.quote(index)
                            + ". Index names start with a letter, contain only letters, digits and underscores,"
                            + " and have at most 64 characters.");
        }
    }

    /** The parse-time rules of a database index's fields; {@code fields} are normalized already. */
    private static void checkDatabaseIndexFields(String table, String index, List<String> fields) {
        if (fields.size() > Schema.MAX_INDEX_FIELDS) {
            throw error(
                    "IndexTooManyFields",
                    inIndex(table, index) + "Indexes may have up to " + Schema.MAX_INDEX_FIELDS + " fields; this one"
                            + " has " + fields.size() + ".");
        }
        if (fields.contains(Documents.ID_FIELD)) {
            throw error(
                    "IndexFieldsContainId",
                    inIndex(table, index) + "`_id` is not a valid index field. To load documents by ID, use"
                            + " `db.get(id)`.");
        }
        Set<String> seen = new HashSet<>();
        for (String field : fields) {
            if (!seen.add(field)) {
                throw error(
                        "FieldsNotUniqueWithinIndex",
                        inIndex(table, index) + "Duplicate field " + Json.quote(field)
                                + ". Index fields must be unique within an index.");
            }
        }
    }

    private static void checkNotEmpty(String table, String index, List<String> fields, boolean staged) {
        if (fields.isEmpty()) {
            throw error(
                    "EmptyIndex",
                    "In table " + Json.quote(table) + " " + (staged ? "staged " : "") + "index " + Json.quote(index)
                            + " must have at least one field.");
        }
    }

    /** No two database indexes (staged or not) of a table have the same field list. */
    static void checkDistinctDatabaseIndexes(String table, List<Schema.Index> indexes) {
        checkDistinct(
                indexes,
                Schema.Index::fields,
                (a, b) -> error(
                        "IndexNotUnique",
                        "In table " + Json.quote(table) + " index " + Json.quote(a) + " and index " + Json.quote(b)
                                + " have the same fields. Indexes must be unique within a table."));
    }

    private static void checkFilterFieldCount(String table, String index, List<String> filterFields) {
        int distinct = new HashSet<>(filterFields).size();
        if (distinct > Schema.MAX_FILTER_FIELDS) {
            throw error(
                    "IndexTooManyFilterFields",
                    inIndex(table, index) + "Search and vector indexes may have up to " + Schema.MAX_FILTER_FIELDS
                            + " filter fields; this one has " + distinct + ".");
        }
    }

    static void checkDistinctSearchIndexes(String table, List<Schema.SearchIndex> indexes) {
        checkDistinct(
                indexes,
                i -> List.of(i.searchField(), Set.copyOf(i.filterFields())),
                (a, b) -> error(
                        "SearchIndexFieldNotUnique",
                        "In table " + Json.quote(table) + " search index " + Json.quote(a) + " and search index "
                                + Json.quote(b) + " have the same `searchField` and `filterFields`. Combine them"
                                + " into one index and use different filter fields at query time."));
    }

    private static void checkDimensions(String table, String index, int dimensions) {
        if (dimensions < Schema.MIN_VECTOR_DIMENSIONS || dimensions > Schema.MAX_VECTOR_DIMENSIONS) {
            throw error(
                    "InvalidVectorDimensionError",
                    inIndex(table, index) + "Dimensions " + dimensions + " must be between "
                            + Schema.MIN_VECTOR_DIMENSIONS + " and " + Schema.MAX_VECTOR_DIMENSIONS + ".");
        }
    }

    static void checkDistinctVectorIndexes(String table, List<Schema.VectorIndex> indexes) {
        checkDistinct(
                indexes,
                i -> List.of(i.vectorField(), i.dimensions()),
                (a, b) -> error(
                        "VectorIndexFieldNotUnique",
                        "In table " + Json.quote(table) + " vector index " + Json.quote(a) + " and vector index "
                                + Json.quote(b) + " have the same `vectorField` and `dimensions`. Combine them"
                                + " into one index and use different filter fields at query time."));
    }

    /**
     * Index names, in Convex's order (database, staged database, search, staged search, staged
     * vector, vector): none reserved, none used twice in the table.
     */
    static void checkIndexNames(String table, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            boolean reserved = name.equals("by_id") || name.equals("by_creation_time") || name.startsWith("_");
            if (reserved && !name.startsWith("_fivetran")) {
                throw error(
                        "IndexNameReserved",
                        "In table " + Json.quote(table) + " cannot name an index " + Json.quote(name)
                                + " because the name is reserved. Indexes may not start with an underscore or be"
                                + " named \"by_id\" or \"by_creation_time\".");
            }
            if (!seen.add(name)) {
                throw error(
                        "IndexNamesNotUnique",
                        "Table " + Json.quote(table) + " has two or more definitions of index " + Json.quote(name)
                                + ".");
            }
        }
    }

    /**
     * The push-time rules of a database index (staged or not): no {@code _creationTime} (it is
     * appended), no system field anywhere in a path, and room for the appended {@code _creationTime}.
     */
    private static void checkUserIndexFields(String table, String index, List<String> fields) {
        if (fields.contains(CREATION_TIME)) {
            throw error(
                    "IndexFieldsContainCreationTime",
                    inIndex(table, index) + "`_creationTime` is automatically added to the end of each index. It"
                            + " should not be added explicitly in the index definition.");
        }
        for (String field : fields) {
            if (Arrays.stream(field.split("\\.", -1)).anyMatch(part -> part.startsWith("_"))) {
                throw error(
                        "IndexFieldNameReserved",
                        inIndex(table, index) + "Reserved fields (starting with `_`) are not allowed in indexes,"
                                + " found " + Json.quote(field) + ".");
            }
        }
        if (fields.size() + 1 > Schema.MAX_INDEX_FIELDS) {
            throw error(
                    "IndexTooManyFields",
                    inIndex(table, index) + "Indexes may have up to " + Schema.MAX_INDEX_FIELDS + " fields,"
                            + " counting the `_creationTime` that ends every index; this one declares "
                            + fields.size() + ".");
        }
    }

    /** No two tables of a schema have the same name (a rule of ours: the JS object cannot repeat a key). */
    static void checkDistinctTables(List<Schema.Table> tables) {
        Set<String> seen = new HashSet<>();
        for (Schema.Table table : tables) {
            if (!seen.add(table.name())) {
                throw error(
                        "DuplicateTableName", "Table " + Json.quote(table.name()) + " is defined twice in the schema.");
            }
        }
    }

    /**
     * With schema validation on, every field an index references can exist in the table's documents,
     * and every vector index field can hold an array of float64 ({@code check_index_references}).
     */
    static void checkIndexReferences(List<Schema.Table> tables) {
        List<Schema.Table> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparing(Schema.Table::name));
        for (Schema.Table table : sorted) {
            for (Map.Entry<String, String> reference : referencedFields(table)) {
                if (!FieldShapes.canContain(table.documentType(), reference.getValue())) {
                    throw error(
                            "SchemaDefinitionError",
                            "In table " + Json.quote(table.name()) + " the index " + Json.quote(reference.getKey())
                                    + " is invalid because it references the field "
                                    + Json.quote(reference.getValue()) + " that does not exist.");
                }
            }
            for (Schema.VectorIndex index : byName(table.vectorIndexes(), table.stagedVectorIndexes())) {
                if (!FieldShapes.canHoldVector(table.documentType(), index.vectorField())) {
                    throw error(
                            "SchemaDefinitionError",
                            "In table " + Json.quote(table.name()) + " the vector index " + Json.quote(index.name())
                                    + " is invalid because it references the field " + Json.quote(index.vectorField())
                                    + " that is neither an array of float64 or optional array of float64.");
                }
            }
        }
    }

    /** (index, field) pairs in Convex's order: database index fields, search fields, filter fields, vector fields. */
    private static List<Map.Entry<String, String>> referencedFields(Schema.Table table) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Schema.Index index : byName(table.indexes(), table.stagedIndexes())) {
            index.fields().forEach(f -> out.add(Map.entry(index.name(), f)));
        }
        List<Schema.SearchIndex> search = byName(table.searchIndexes(), table.stagedSearchIndexes());
        search.forEach(i -> out.add(Map.entry(i.name(), i.searchField())));
        for (Schema.SearchIndex index : search) {
            new LinkedHashSet<>(index.filterFields()).forEach(f -> out.add(Map.entry(index.name(), f)));
        }
        byName(table.vectorIndexes(), table.stagedVectorIndexes())
                .forEach(i -> out.add(Map.entry(i.name(), i.vectorField())));
        return out;
    }

    /** Each list sorted by index name (Convex keeps indexes in name-ordered maps), then concatenated. */
    private static <T extends Schema.Named> List<T> byName(List<T> enabled, List<T> staged) {
        List<T> out = new ArrayList<>();
        for (List<T> list : List.of(enabled, staged)) {
            List<T> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing(Schema.Named::name));
            out.addAll(sorted);
        }
        return out;
    }

    /**
     * Reports two indexes with the same {@code key}. Convex walks them in name order and names the
     * later one first.
     */
    private static <T extends Schema.Named> void checkDistinct(
            List<T> indexes, Function<T, Object> key, BiFunction<String, String, SchemaException> duplicate) {
        List<T> sorted = new ArrayList<>(indexes);
        sorted.sort(Comparator.comparing(Schema.Named::name));
        Map<Object, String> seen = new HashMap<>();
        for (T index : sorted) {
            String previous = seen.put(key.apply(index), index.name());
            if (previous != null) {
                throw duplicate.apply(index.name(), previous);
            }
        }
    }

    private static String inIndex(String table, String index) {
        return "In table " + Json.quote(table) + ": In index " + Json.quote(index) + ": ";
    }

    private static SchemaException error(String code, String message) {
        return new SchemaException(code, message);
    }
}
