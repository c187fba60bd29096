package dev.slipway.schema;

import dev.slipway.value.Documents;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A deployment's schema: the default export of {@code convex/schema.ts}, as {@code
 * defineSchema(...).export()} writes it (§5.10 of the interface reference).
 *
 * <p>A {@code Schema} always satisfies every rule Convex checks when it accepts a push: the
 * constructors of {@link Schema} and {@link Table} enforce them and throw a {@link SchemaException}
 * with Convex's code that names the table, the index and the field. In short: table names are
 * identifiers not starting with {@code _}; a document type is an object, a union of objects or
 * {@code v.any()}; at most {@value #MAX_INDEXES_PER_TABLE} indexes of all kinds per table; index
 * names are identifiers, unique in the table, not {@code by_id}, {@code by_creation_time} or {@code
 * _...}; a database index has 1 to {@value #MAX_INDEX_FIELDS} fields counting the {@code
 * _creationTime} appended to it, none of them {@code _id}, {@code _creationTime}, another system
 * field or a repeat, and no two database indexes share a field list; search and vector indexes
 * have at most {@value #MAX_FILTER_FIELDS} filter fields and vector indexes {@value
 * #MIN_VECTOR_DIMENSIONS} to {@value #MAX_VECTOR_DIMENSIONS} dimensions; with {@code
 * schemaValidation}, every indexed field can exist in the document type and every vector field can
 * hold an array of float64.
 *
 * @param tables the tables, in the order of the export
 * @param schemaValidation whether documents are checked against the document types (Convex's
 *     default is true; an export without the key reads as false, as the backend reads old schemas)
 */
public record Schema(List<Table> tables, boolean schemaValidation) {
    /** Indexes per table, of all kinds, staged or not (the Convex backend's limit; its docs say 32). */
    public static final int MAX_INDEXES_PER_TABLE = 64;
    /** Fields per database index, counting the {@code _creationTime} appended to every index. */
    public static final int MAX_INDEX_FIELDS = 16;
    /** Filter fields per search or vector index. */
    public static final int MAX_FILTER_FIELDS = 16;
    /** Fewest dimensions of a vector index. */
    public static final int MIN_VECTOR_DIMENSIONS = 2;
    /** Most dimensions of a vector index. */
    public static final int MAX_VECTOR_DIMENSIONS = 4096;

    /**
     * @throws SchemaException when two tables share a name or an index references a field the
     *     document type excludes (with {@code schemaValidation})
     */
    public Schema {
        tables = List.copyOf(tables);
        SchemaRules.checkDistinctTables(tables);
        if (schemaValidation) {
            SchemaRules.checkIndexReferences(tables);
        }
    }

    /**
     * Parses the JSON text of {@code defineSchema(...).export()} and checks it as a push does.
     *
     * @throws SchemaException code {@link SchemaException#INVALID_SCHEMA} naming the JSON path for
     *     malformed JSON, or Convex's code for a broken rule
     */
    public static Schema parse(String json) {
        return SchemaJson.parse(json);
    }

    /** The schema JSON, as {@code defineSchema(...).export()} writes it. */
    public String toJson() {
        return SchemaJson.write(this);
    }

    /** The table named {@code name}, if the schema defines it. */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Checks a stored document against its table's document type, as a push checks existing data.
     * IDs in the document are checked for format only (see {@link Validator#validate(Value)}).
     *
     * @see #validateDocument(String, Value.Obj, TableResolver)
     */
    public Optional<ValidationException> validateDocument(String tableName, Value.Obj document) {
        return documentError(tableName, document, Optional.empty())
                .map(error -> new ValidationException(
                        ValidationException.SCHEMA, documentMessage(tableName, document, error), error));
    }

    /**
     * Checks a stored document against its table's document type, as a push checks existing data.
     * The system fields ({@code _id}, {@code _creationTime}) and any other top-level field starting
     * with {@code _} are left out of the check. A table the schema does not define, and every table
     * when {@code schemaValidation} is off, accepts every document.
     *
     * @return an exception with code {@link ValidationException#SCHEMA} and the message {@code
     *     Document with ID "<id>" in table "<table>" does not match the schema: <problem>} ({@code
     *     New document in table ...} when the document has no {@code _id}), or empty when it passes
     */
    public Optional<ValidationException> validateDocument(String tableName, Value.Obj document, TableResolver tables) {
        return documentError(tableName, document, Optional.of(tables))
                .map(error -> new ValidationException(
                        ValidationException.SCHEMA, documentMessage(tableName, document, error), error));
    }

    /**
     * Checks a document about to be written (inserted, replaced or patched), with the same rules as
     * {@link #validateDocument(String, Value.Obj, TableResolver)}.
     *
     * @throws ValidationException code {@link ValidationException#SCHEMA_ENFORCEMENT}: {@code Failed
     *     to insert or update a document in table "<table>" because it does not match the schema:
     *     <problem>}
     */
    public void checkWrite(String tableName, Value.Obj document, TableResolver tables) {
        Optional<ValidationError> error = documentError(tableName, document, Optional.of(tables));
        if (error.isPresent()) {
            throw new ValidationException(
                    ValidationException.SCHEMA_ENFORCEMENT,
                    "Failed to insert or update a document in table " + Json.quote(tableName)
                            + " because it does not match the schema: "
                            + error.get().message(),
                    error.get());
        }
    }

    private Optional<ValidationError> documentError(
            String tableName, Value.Obj document, Optional<TableResolver> resolver) {
        if (!schemaValidation) {
            return Optional.empty();
        }
        return table(tableName).flatMap(table -> Validation.firstError(table.documentType(), document, resolver, true));
    }

    private static String documentMessage(String tableName, Value.Obj document, ValidationError error) {
        Value id = document.fields().get(Documents.ID_FIELD);
        String subject = id instanceof Value.Str s
                ? "Document with ID " + Json.quote(s.value()) + " in table " + Json.quote(tableName)
                : "New document in table " + Json.quote(tableName);
        return subject + " does not match the schema: " + error.message();
    }

    /** Something with a name in its table: an index of any kind. */
    sealed interface Named permits Index, SearchIndex, VectorIndex {
        String name();
    }

    /**
     * A table of the schema. The constructor checks the table's rules (see {@link Schema}) and
     * normalizes index field paths as Convex does: leading and trailing dots are dropped ({@code
     * ".a.b."} is {@code "a.b"}).
     *
     * @param name the table name
     * @param indexes the database indexes
     * @param stagedIndexes database indexes that are built but not yet queryable
     * @param searchIndexes the full-text search indexes
     * @param stagedSearchIndexes search indexes that are built but not yet queryable
     * @param vectorIndexes the vector indexes
     * @param stagedVectorIndexes vector indexes that are built but not yet queryable
     * @param documentType the declared document type, without the system fields ({@code v.any()}
     *     when the export has none)
     * @param stagedDocumentType the proposed next document type ({@code .staged(...)}, convex 1.48):
     *     checked for shape and kept, but not enforced, as in Convex
     */
    public record Table(
            String name,
            List<Index> indexes,
            List<Index> stagedIndexes,
            List<SearchIndex> searchIndexes,
            List<SearchIndex> stagedSearchIndexes,
            List<VectorIndex> vectorIndexes,
            List<VectorIndex> stagedVectorIndexes,
            Validator documentType,
            Optional<Validator> stagedDocumentType) {

        /** @throws SchemaException for a broken rule of the table or one of its indexes */
        public Table {
            indexes = List.copyOf(indexes);
            stagedIndexes = List.copyOf(stagedIndexes);
            searchIndexes = List.copyOf(searchIndexes);
            stagedSearchIndexes = List.copyOf(stagedSearchIndexes);
            vectorIndexes = List.copyOf(vectorIndexes);
            stagedVectorIndexes = List.copyOf(stagedVectorIndexes);
            SchemaRules.checkDocumentType(name, "document validator", documentType);
            SchemaRules.checkTableName(name);
            stagedDocumentType.ifPresent(t -> SchemaRules.checkDocumentType(name, "staged document validator", t));
            SchemaRules.checkIndexCount(
                    name,
                    indexes.size()
                            + stagedIndexes.size()
                            + searchIndexes.size()
                            + stagedSearchIndexes.size()
                            + vectorIndexes.size()
                            + stagedVectorIndexes.size());
            indexes = SchemaRules.databaseIndexes(name, indexes, false);
            stagedIndexes = SchemaRules.databaseIndexes(name, stagedIndexes, true);
            SchemaRules.checkDistinctDatabaseIndexes(name, concat(indexes, stagedIndexes));
            searchIndexes = SchemaRules.searchIndexes(name, searchIndexes);
            stagedSearchIndexes = SchemaRules.searchIndexes(name, stagedSearchIndexes);
            SchemaRules.checkDistinctSearchIndexes(name, concat(searchIndexes, stagedSearchIndexes));
            vectorIndexes = SchemaRules.vectorIndexes(name, vectorIndexes);
            stagedVectorIndexes = SchemaRules.vectorIndexes(name, stagedVectorIndexes);
            SchemaRules.checkDistinctVectorIndexes(name, concat(vectorIndexes, stagedVectorIndexes));
            SchemaRules.checkIndexNames(
                    name,
                    Stream.of(
                                    indexes,
                                    stagedIndexes,
                                    searchIndexes,
                                    stagedSearchIndexes,
                                    stagedVectorIndexes,
                                    vectorIndexes)
                            .flatMap(List::stream)
                            .map(Named::name)
                            .toList());
            SchemaRules.userIndexFields(name, concat(indexes, stagedIndexes));
        }

        /** The database index (not staged) named {@code name}; the built-in {@code by_id} and {@code by_creation_time} are not listed. */
        public Optional<Index> index(String name) {
            return indexes.stream().filter(i -> i.name().equals(name)).findFirst();
        }

        /**
         * The validator of whole documents of this table, system fields included, as {@code
         * schema.doc(table)} builds it: each object gets {@code _id: v.id(<table>)} and {@code
         * _creationTime: v.number()} (replacing any declared {@code _} fields), {@code v.any()}
         * stays as it is.
         */
        public Validator documentValidator() {
            return withSystemFields(documentType);
        }

        private Validator withSystemFields(Validator type) {
            return switch (type) {
                case Validator.Obj object -> {
                    Map<String, Validator.Field> fields = new LinkedHashMap<>();
                    object.fields().forEach((field, validator) -> {
                        if (!field.startsWith("_")) {
                            fields.put(field, validator);
                        }
                    });
                    fields.put(Documents.ID_FIELD, Validator.Field.required(new Validator.Id(name)));
                    fields.put(Documents.CREATION_TIME_FIELD, Validator.Field.required(new Validator.Float64()));
                    yield new Validator.Obj(fields);
                }
                case Validator.Union union ->
                    new Validator.Union(
                            union.members().stream().map(this::withSystemFields).toList());
                case Validator.Any _,
                        Validator.Null _,
                        Validator.Float64 _,
                        Validator.Int64 _,
                        Validator.CommitTs _,
                        Validator.Bool _,
                        Validator.Str _,
                        Validator.Bytes _,
                        Validator.Literal _,
                        Validator.Id _,
                        Validator.Array _,
                        Validator.RecordOf _ -> type;
            };
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }

    /**
     * A database index.
     *
     * @param name the index name ({@code indexDescriptor})
     * @param fields the declared field paths ({@code "author.name"}), in order
     */
    public record Index(String name, List<String> fields) implements Named {
        public Index {
            fields = List.copyOf(fields);
        }

        /**
         * The fields entries are ordered by: the declared fields, then {@code _creationTime}, then
         * {@code _id}.
         */
        public List<String> effectiveFields() {
            List<String> out = new ArrayList<>(fields);
            out.add(Documents.CREATION_TIME_FIELD);
            out.add(Documents.ID_FIELD);
            return List.copyOf(out);
        }
    }

    /**
     * A full-text search index.
     *
     * @param name the index name
     * @param searchField the field searched
     * @param filterFields the fields usable in equality filters
     */
    public record SearchIndex(String name, String searchField, List<String> filterFields) implements Named {
        public SearchIndex {
            filterFields = List.copyOf(filterFields);
        }
    }

    /**
     * A vector index.
     *
     * @param name the index name
     * @param vectorField the field holding the vector (an array of float64)
     * @param dimensions the vector length
     * @param filterFields the fields usable in filters
     */
    public record VectorIndex(String name, String vectorField, int dimensions, List<String> filterFields)
            implements Named {
        public VectorIndex {
            filterFields = List.copyOf(filterFields);
        }
    }
}
