package dev.slipway.schema;

import static dev.slipway.schema.TestData.opt;
import static dev.slipway.schema.TestData.union;
import static dev.slipway.schema.TestData.vobj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every rule a push checks, with its Convex code and a message that names table, index and field. */
class SchemaRulesTest {
    private static final Validator.Str STR = new Validator.Str();
    private static final Validator DOC = vobj(
            "a",
            STR,
            "b",
            STR,
            "c",
            opt(vobj("d", STR)),
            "e",
            opt(new Validator.Array(new Validator.Float64())),
            "tags",
            new Validator.Array(STR));

    /** A table definition under construction; {@link #build} runs the table's checks. */
    private static final class T {
        String name = "t";
        Validator documentType = DOC;
        Optional<Validator> stagedDocumentType = Optional.empty();
        final List<Schema.Index> indexes = new ArrayList<>();
        final List<Schema.Index> staged = new ArrayList<>();
        final List<Schema.SearchIndex> search = new ArrayList<>();
        final List<Schema.SearchIndex> stagedSearch = new ArrayList<>();
        final List<Schema.VectorIndex> vector = new ArrayList<>();
        final List<Schema.VectorIndex> stagedVector = new ArrayList<>();

        T index(String indexName, String... fields) {
            indexes.add(new Schema.Index(indexName, List.of(fields)));
            return this;
        }

        Schema.Table build() {
            return new Schema.Table(
                    name,
                    indexes,
                    staged,
                    search,
                    stagedSearch,
                    vector,
                    stagedVector,
                    documentType,
                    stagedDocumentType);
        }

        Schema schema() {
            return new Schema(List.of(build()), true);
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(T table, String code) {
        return assertThatThrownBy(table::schema)
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void valid_tableWithEveryKindOfIndex_isAccepted() {
        T t = new T().index("by_a", "a").index("by_b_a", "b", "a").index("by_c_d", "c.d");
        t.staged.add(new Schema.Index("by_tags", List.of("tags")));
        t.search.add(new Schema.SearchIndex("search_a", "a", List.of("b")));
        t.vector.add(new Schema.VectorIndex("by_e", "e", 1536, List.of("a")));
        t.stagedVector.add(new Schema.VectorIndex("by_e_small", "e", 2, List.of()));
        assertThatCode(t::schema).doesNotThrowAnyException();
    }

    @Test
    void tableName_mustBeAUserIdentifier() {
        T bad = new T();
        bad.name = "my-table";
        assertRefused(bad, "InvalidTableName").hasMessageStartingWith("Invalid table name: \"my-table\".");
        T system = new T();
        system.name = "_users";
        assertRefused(system, "TableNameReserved").hasMessageContaining("\"_users\"");
    }

    @Test
    void documentType_mustBeObjectUnionOfObjectsOrAny() {
        T t = new T();
        t.documentType = STR;
        assertRefused(t, "InvalidTopLevelTypeInSchemaError")
                .hasMessage("In table \"t\": the document validator in a schema must be an object, a union of"
                        + " objects, or `v.any()`. Found v.string().");
        t.documentType = union(vobj("a", STR), new Validator.Null());
        assertRefused(t, "InvalidTopLevelTypeInSchemaError").hasMessageEndingWith("Found v.null().");
        t.documentType = union(vobj("a", STR), vobj("b", STR));
        assertThatCode(t::schema).doesNotThrowAnyException();
        t.documentType = new Validator.Any();
        assertThatCode(t::schema).doesNotThrowAnyException();
        t.stagedDocumentType = Optional.of(new Validator.Array(STR));
        assertRefused(t, "InvalidTopLevelTypeInSchemaError").hasMessageContaining("staged document validator");
    }

    @Test
    void indexCount_isAtMost64OfAllKinds() {
        T t = new T();
        t.documentType = new Validator.Any();
        IntStream.range(0, 60).forEach(i -> t.index("i" + i, "f" + i));
        IntStream.range(0, 4).forEach(i -> t.search.add(new Schema.SearchIndex("s" + i, "s" + i, List.of())));
        assertThatCode(t::schema).doesNotThrowAnyException();
        t.vector.add(new Schema.VectorIndex("v", "e", 8, List.of()));
        assertRefused(t, "TooManyIndexes").hasMessageStartingWith("Table \"t\" cannot have more than 64 indexes");
    }

    @Test
    void indexName_mustBeAnIdentifierNotReservedAndUnique() {
        assertRefused(new T().index("by-a", "a"), "InvalidIndexName")
                .hasMessageStartingWith("In table \"t\": Invalid index name: \"by-a\".");
        for (String reserved : List.of("by_id", "by_creation_time", "_mine")) {
            assertRefused(new T().index(reserved, "a"), "IndexNameReserved")
                    .hasMessageStartingWith("In table \"t\" cannot name an index \"" + reserved + "\" because the"
                            + " name is reserved.");
        }
        assertThatCode(() -> new T()
                        .index("by_other", "a")
                        .index("_fivetran_synced", "b")
                        .schema())
                .doesNotThrowAnyException();
        T twice = new T().index("dup", "a");
        twice.search.add(new Schema.SearchIndex("dup", "b", List.of()));
        assertRefused(twice, "IndexNamesNotUnique")
                .hasMessage("Table \"t\" has two or more definitions of index \"dup\".");
    }

    @Test
    void indexFields_followConvexRules() {
        assertRefused(new T().index("empty"), "EmptyIndex")
                .hasMessage("In table \"t\" index \"empty\" must have at least one field.");
        T stagedEmpty = new T();
        stagedEmpty.staged.add(new Schema.Index("s", List.of()));
        assertRefused(stagedEmpty, "EmptyIndex")
                .hasMessage("In table \"t\" staged index \"s\" must have at least one field.");
        assertRefused(new T().index("by_id_too", "a", "_id"), "IndexFieldsContainId")
                .hasMessageStartingWith("In table \"t\": In index \"by_id_too\": `_id` is not a valid index field.");
        assertRefused(new T().index("by_ct", "a", "_creationTime"), "IndexFieldsContainCreationTime")
                .hasMessageStartingWith("In table \"t\": In index \"by_ct\": `_creationTime` is automatically added");
        assertRefused(new T().index("by_sys", "c._d"), "IndexFieldNameReserved").hasMessageContaining("\"c._d\"");
        assertRefused(new T().index("by_twice", "a", "b", "a"), "FieldsNotUniqueWithinIndex")
                .hasMessage("In table \"t\": In index \"by_twice\": Duplicate field \"a\". Index fields must be"
                        + " unique within an index.");
        assertRefused(new T().index("by_bad", "a..b"), "InvalidIndexField")
                .hasMessageStartingWith("In table \"t\": In index \"by_bad\": Invalid index field: \"a..b\".");
        assertRefused(new T().index("by_bad", "."), "InvalidIndexField");
    }

    @Test
    void indexFields_leadingAndTrailingDots_areTrimmedAsConvexDoes() {
        Schema schema = new T().index("by_c_d", ".c.d.").schema();
        assertThat(schema.tables().getFirst().indexes().getFirst().fields()).containsExactly("c.d");
    }

    @Test
    void indexFields_sixteenDeclared_refusedBecauseCreationTimeIsAppended() {
        T t = new T();
        t.documentType = new Validator.Any();
        String[] fifteen = IntStream.range(0, 15).mapToObj(i -> "f" + i).toArray(String[]::new);
        assertThatCode(() -> t.index("ok", fifteen).schema()).doesNotThrowAnyException();
        String[] sixteen = IntStream.range(0, 16).mapToObj(i -> "f" + i).toArray(String[]::new);
        T u = new T();
        u.documentType = new Validator.Any();
        assertRefused(u.index("big", sixteen), "IndexTooManyFields")
                .hasMessageContaining("counting the `_creationTime` that ends every index; this one declares 16");
        String[] seventeen = IntStream.range(0, 17).mapToObj(i -> "f" + i).toArray(String[]::new);
        T w = new T();
        w.documentType = new Validator.Any();
        assertRefused(w.index("bigger", seventeen), "IndexTooManyFields").hasMessageContaining("this one has 17");
    }

    @Test
    void databaseIndexes_withTheSameFields_areRefused() {
        T t = new T().index("by_a", "a");
        t.staged.add(new Schema.Index("by_a_again", List.of("a")));
        assertRefused(t, "IndexNotUnique")
                .hasMessage("In table \"t\" index \"by_a_again\" and index \"by_a\" have the same fields. Indexes must"
                        + " be unique within a table.");
        assertThatCode(() ->
                        new T().index("by_a", "a").index("by_a_b", "a", "b").schema())
                .doesNotThrowAnyException();
    }

    @Test
    void searchAndVectorIndexes_followConvexRules() {
        T search = new T();
        search.search.add(new Schema.SearchIndex("s1", "a", List.of("b")));
        search.stagedSearch.add(new Schema.SearchIndex("s2", "a", List.of("b", "b")));
        assertRefused(search, "SearchIndexFieldNotUnique")
                .hasMessageStartingWith(
                        "In table \"t\" search index \"s2\" and search index \"s1\" have the same `searchField`");
        T filters = new T();
        filters.documentType = new Validator.Any();
        filters.search.add(new Schema.SearchIndex(
                "s", "a", IntStream.range(0, 17).mapToObj(i -> "f" + i).toList()));
        assertRefused(filters, "IndexTooManyFilterFields").hasMessageContaining("this one has 17");
        T vector = new T();
        vector.vector.add(new Schema.VectorIndex("v1", "e", 4, List.of()));
        vector.vector.add(new Schema.VectorIndex("v2", "e", 4, List.of("a")));
        assertRefused(vector, "VectorIndexFieldNotUnique");
        for (int dimensions : new int[] {1, 4097}) {
            T dims = new T();
            dims.vector.add(new Schema.VectorIndex("v", "e", dimensions, List.of()));
            assertRefused(dims, "InvalidVectorDimensionError")
                    .hasMessage("In table \"t\": In index \"v\": Dimensions " + dimensions
                            + " must be between 2 and 4096.");
        }
    }

    @Test
    void indexReferences_mustExistInTheDocumentType() {
        assertRefused(new T().index("by_z", "z"), "SchemaDefinitionError")
                .hasMessage("In table \"t\" the index \"by_z\" is invalid because it references the field \"z\" that"
                        + " does not exist.");
        assertRefused(new T().index("by_c_x", "c.x"), "SchemaDefinitionError").hasMessageContaining("\"c.x\"");
        assertRefused(new T().index("by_a_x", "a.x"), "SchemaDefinitionError");
        T search = new T();
        search.search.add(new Schema.SearchIndex("s", "a", List.of("nope")));
        assertRefused(search, "SchemaDefinitionError").hasMessageContaining("index \"s\"");
        T vector = new T();
        vector.vector.add(new Schema.VectorIndex("v", "tags", 8, List.of()));
        assertRefused(vector, "SchemaDefinitionError")
                .hasMessage("In table \"t\" the vector index \"v\" is invalid because it references the field"
                        + " \"tags\" that is neither an array of float64 or optional array of float64.");
        T unchecked = new T().index("by_z", "z");
        assertThatCode(() -> new Schema(List.of(unchecked.build()), false)).doesNotThrowAnyException();
        T unionDoc = new T().index("by_kind", "kind");
        unionDoc.documentType = union(vobj("kind", STR), vobj("kind", STR, "x", STR));
        assertThatCode(unionDoc::schema).doesNotThrowAnyException();
    }

    @Test
    void tables_mustHaveDistinctNames() {
        Schema.Table t = new T().build();
        assertThatThrownBy(() -> new Schema(List.of(t, t), false))
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo("DuplicateTableName"))
                .hasMessage("Table \"t\" is defined twice in the schema.");
    }

    @Test
    void parse_badSchemaJson_namesTheJsonPath() {
        assertThatThrownBy(() -> Schema.parse("{}"))
                .isInstanceOfSatisfying(
                        SchemaException.class, e -> assertThat(e.code()).isEqualTo(SchemaException.INVALID_SCHEMA))
                .hasMessage("Invalid schema JSON at $: the key \"tables\" is missing");
        assertThatThrownBy(() -> Schema.parse(
                        "{\"tables\":[{\"tableName\":\"a\",\"indexes\":[]},{\"tableName\":\"b\",\"indexes\":"
                                + "[{\"indexDescriptor\":\"i\",\"fields\":[\"x\",3]}]}]}"))
                .hasMessage("Invalid schema JSON at $.tables[1].indexes[0].fields[1]: expected a string, found the"
                        + " number 3");
        assertThatThrownBy(
                        () -> Schema.parse(
                                "{\"tables\":[{\"tableName\":\"a\",\"indexes\":[],\"vectorIndexes\":"
                                        + "[{\"indexDescriptor\":\"v\",\"vectorField\":\"e\",\"dimensions\":1.5,\"filterFields\":[]}]}]}"))
                .hasMessage("Invalid schema JSON at $.tables[0].vectorIndexes[0].dimensions: expected a non-negative"
                        + " integer, found the number 1.5");
        assertThatThrownBy(
                        () -> Schema.parse(
                                "{\"tables\":[{\"tableName\":\"a\",\"indexes\":[],\"documentType\":"
                                        + "{\"type\":\"object\",\"value\":{\"x\":{\"fieldType\":{\"type\":\"nmber\"},\"optional\":false}}}}]}"))
                .hasMessage("Invalid validator JSON at $.tables[0].documentType.value.x.fieldType.type: unknown"
                        + " validator type \"nmber\"");
        assertThatThrownBy(() -> Schema.parse("{\"tables\":[{\"tableName\":\"a\"}]}"))
                .hasMessage("Invalid schema JSON at $.tables[0]: the key \"indexes\" is missing");
        assertThatThrownBy(() -> Schema.parse("{\"tables\":5,\"schemaValidation\":true}"))
                .hasMessage("Invalid schema JSON at $.tables: expected an array, found the number 5");
    }
}
