package dev.slipway.schema;

import static dev.slipway.schema.TestData.big;
import static dev.slipway.schema.TestData.id;
import static dev.slipway.schema.TestData.num;
import static dev.slipway.schema.TestData.obj;
import static dev.slipway.schema.TestData.opt;
import static dev.slipway.schema.TestData.str;
import static dev.slipway.schema.TestData.union;
import static dev.slipway.schema.TestData.vobj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaTest {
    private static final TableResolver TABLES = TableResolver.of(
            Map.of("users", 10001, "messages", 10002, "channels", 10003, "tasks", 10004, "_storage", 513));
    private static final Schema RICH = Schema.parse(TestData.resource("schema-rich.json"));
    private static final String USER_ID = id(10001, 7);
    private static final String MESSAGE_ID = id(10002, 7);

    private static Value.Obj user(Object... fields) {
        Object[] all = new Object[fields.length + 4];
        all[0] = "_id";
        all[1] = str(USER_ID);
        all[2] = "_creationTime";
        all[3] = num(1.7e12);
        System.arraycopy(fields, 0, all, 4, fields.length);
        return obj(all);
    }

    private static Schema.Table table(String name) {
        return RICH.table(name).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"schema-rich.json", "schema-no-validation.json", "schema-empty.json"})
    void toJson_realExport_roundTripsExactly(String fixture) {
        String json = TestData.resource(fixture);
        Schema schema = Schema.parse(json);
        assertThat(schema.toJson()).isEqualTo(json);
        assertThat(Schema.parse(schema.toJson())).isEqualTo(schema);
    }

    @Test
    void parse_richExport_readsEveryPart() {
        assertThat(RICH.schemaValidation()).isTrue();
        assertThat(RICH.tables())
                .extracting(Schema.Table::name)
                .containsExactly("users", "messages", "channels", "events", "blobs", "counters", "staged");
        Schema.Table messages = table("messages");
        assertThat(messages.indexes())
                .containsExactly(
                        new Schema.Index("by_channel", List.of("channel")),
                        new Schema.Index("by_channel_author", List.of("channel", "author")));
        assertThat(messages.stagedIndexes()).containsExactly(new Schema.Index("by_author_staged", List.of("author")));
        assertThat(messages.searchIndexes())
                .containsExactly(new Schema.SearchIndex("search_body", "body", List.of("channel")));
        assertThat(messages.stagedSearchIndexes()).hasSize(1);
        assertThat(messages.vectorIndexes())
                .containsExactly(new Schema.VectorIndex("by_embedding", "embedding", 1536, List.of("channel")));
        assertThat(messages.stagedVectorIndexes())
                .containsExactly(new Schema.VectorIndex("by_embedding_staged", "embedding", 8, List.of()));
        assertThat(table("blobs").documentType()).isEqualTo(new Validator.Any());
        assertThat(table("events").documentType()).isInstanceOf(Validator.Union.class);
        assertThat(table("staged").stagedDocumentType()).isPresent();
        assertThat(table("users").stagedDocumentType()).isEmpty();
        assertThat(RICH.table("nope")).isEmpty();
    }

    @Test
    void parse_minimalJson_usesConvexDefaults() {
        Schema schema = Schema.parse("{\"tables\":[{\"tableName\":\"t\",\"indexes\":[]}]}");
        assertThat(schema.schemaValidation()).isFalse();
        Schema.Table t = schema.table("t").orElseThrow();
        assertThat(t.documentType()).isEqualTo(new Validator.Any());
        assertThat(t.stagedIndexes()).isEmpty();
        assertThat(schema.toJson())
                .isEqualTo("{\"tables\":[{\"tableName\":\"t\",\"indexes\":[],\"stagedDbIndexes\":[],"
                        + "\"searchIndexes\":[],\"stagedSearchIndexes\":[],\"vectorIndexes\":[],"
                        + "\"stagedVectorIndexes\":[],\"documentType\":{\"type\":\"any\"}}],"
                        + "\"schemaValidation\":false}");
    }

    @Test
    void parse_legacyVectorDimension_isRead() {
        Schema schema = Schema.parse("{\"tables\":[{\"tableName\":\"t\",\"indexes\":[],\"vectorIndexes\":"
                + "[{\"indexDescriptor\":\"v\",\"vectorField\":\"e\",\"dimension\":3,\"filterFields\":[]}]}]}");
        assertThat(schema.tables().getFirst().vectorIndexes().getFirst().dimensions())
                .isEqualTo(3);
    }

    @Test
    void index_effectiveFields_endWithCreationTimeAndId() {
        Schema.Index index = table("messages").index("by_channel_author").orElseThrow();
        assertThat(index.effectiveFields()).containsExactly("channel", "author", "_creationTime", "_id");
        assertThat(table("messages").index("by_author_staged"))
                .as("staged indexes are not queryable")
                .isEmpty();
    }

    @Test
    void documentValidator_addsSystemFields() {
        Validator users = table("users").documentValidator();
        assertThat(users).isInstanceOfSatisfying(Validator.Obj.class, o -> {
            assertThat(o.fields()).containsKeys("name", "email", "age", "profile");
            assertThat(o.fields().get("_id")).isEqualTo(Validator.Field.required(new Validator.Id("users")));
            assertThat(o.fields().get("_creationTime")).isEqualTo(Validator.Field.required(new Validator.Float64()));
        });
        assertThat(users.validate(user("name", str("ann"), "email", str("a@x")), TABLES))
                .isEmpty();
        assertThat(table("events").documentValidator())
                .isInstanceOfSatisfying(
                        Validator.Union.class,
                        u -> assertThat(u.members())
                                .allSatisfy(m ->
                                        assertThat(((Validator.Obj) m).fields()).containsKey("_id")));
        assertThat(table("blobs").documentValidator()).isEqualTo(new Validator.Any());
    }

    @Test
    void validateDocument_valid_passesWithSystemFields() {
        assertThat(RICH.validateDocument("users", user("name", str("ann"), "email", str("a@x")), TABLES))
                .isEmpty();
        assertThat(RICH.validateDocument("counters", obj("name", str("c"), "value", big(1), "at", big(99)), TABLES))
                .isEmpty();
    }

    @Test
    void validateDocument_missingField_namesTableIdAndField() {
        Optional<ValidationException> error = RICH.validateDocument("users", user("name", str("ann")), TABLES);
        assertThat(error).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("SchemaValidationError");
            assertThat(e.getMessage())
                    .isEqualTo("Document with ID \"" + USER_ID + "\" in table \"users\" does not match the schema:"
                            + " Object is missing the required field `email`. Consider wrapping the field validator"
                            + " in `v.optional(...)` if this is expected.\n\n"
                            + "Object: {name: \"ann\"}\n"
                            + "Validator: v.object({age: v.optional(v.float64()), email: v.string(), name: v.string(),"
                            + " profile: v.optional(v.object({avatar: v.optional(v.id(\"_storage\")), bio:"
                            + " v.string()}))})");
        });
    }

    @Test
    void validateDocument_nestedProblem_namesThePath() {
        Value.Obj doc = user("name", str("a"), "email", str("e"), "profile", obj("bio", num(1)));
        assertThat(RICH.validateDocument("users", doc))
                .hasValueSatisfying(e -> assertThat(e.getMessage())
                        .endsWith("does not match the schema: Value does not match validator.\nPath: .profile.bio\n"
                                + "Value: 1.0\nValidator: v.string()"));
        Value.Obj message = obj(
                "channel", str(id(10003, 1)),
                "author", str(id(10004, 1)),
                "body", str("hi"),
                "tags", TestData.arr());
        assertThat(RICH.validateDocument("messages", message, TABLES))
                .hasValueSatisfying(e -> assertThat(e.getMessage())
                        .startsWith("New document in table \"messages\" does not match the schema: Found ID")
                        .endsWith("from table `tasks`, which does not match the table name in validator"
                                + " `v.id(\"users\")`.\nPath: .author"));
    }

    @Test
    void validateDocument_unionTable_reportsTheUnionWithoutSystemFields() {
        Value.Obj click = obj("_id", str(MESSAGE_ID), "kind", str("click"), "x", num(1));
        assertThat(RICH.validateDocument("events", click))
                .hasValueSatisfying(e -> assertThat(e.getMessage())
                        .endsWith("Value does not match validator.\n\nValue: {kind: \"click\", x: 1.0}\nValidator:"
                                + " v.union(v.object({kind: v.literal(\"click\"), x: v.float64(), y: v.float64()}),"
                                + " v.object({kind: v.literal(\"view\"), page: v.string()}))"));
        assertThat(RICH.validateDocument("events", obj("kind", str("view"), "page", str("/"))))
                .isEmpty();
    }

    @Test
    void validateDocument_declaredSystemFields_areIgnored() {
        Schema schema = new Schema(
                List.of(tableWith("t", vobj("_secret", new Validator.Str(), "a", new Validator.Str()))), true);
        assertThat(schema.validateDocument("t", obj("a", str("x")))).isEmpty();
        assertThat(schema.validateDocument("t", obj("a", str("x"), "_other", num(1))))
                .isEmpty();
        assertThat(schema.validateDocument("t", obj("_secret", str("x"))))
                .hasValueSatisfying(e -> assertThat(e.getMessage()).contains("Validator: v.object({a: v.string()})"));
    }

    @Test
    void validateDocument_passesWhenNotEnforced() {
        Schema off = Schema.parse(TestData.resource("schema-no-validation.json"));
        assertThat(off.validateDocument("things", obj("x", str("not a number"))))
                .isEmpty();
        assertThat(RICH.validateDocument("not_in_schema", obj("anything", num(1))))
                .isEmpty();
        assertThat(RICH.validateDocument("blobs", obj("anything", num(1)))).isEmpty();
        assertThat(RICH.validateDocument("staged", obj("a", str("x"), "b", str("staged only"))))
                .as("the staged document type is not enforced")
                .isPresent();
    }

    @Test
    void checkWrite_mismatch_isSchemaEnforcementError() {
        assertThatCode(() -> RICH.checkWrite("users", user("name", str("a"), "email", str("e")), TABLES))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () -> RICH.checkWrite("users", user("name", str("a"), "email", str("e"), "x", num(1)), TABLES))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("SchemaEnforcementError");
                    assertThat(e.error()).isInstanceOf(ValidationError.ExtraField.class);
                })
                .hasMessageStartingWith("Failed to insert or update a document in table \"users\" because it does"
                        + " not match the schema: Object contains extra field `x` that is not in the validator.");
    }

    @Test
    void records_areImmutable() {
        assertThatThrownBy(() -> RICH.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table("users").indexes().clear()).isInstanceOf(UnsupportedOperationException.class);
        Validator.Obj v = vobj("a", opt(new Validator.Str()));
        assertThatThrownBy(() -> v.fields().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(union(new Validator.Null()).members()).isUnmodifiable();
    }

    static Schema.Table tableWith(String name, Validator documentType) {
        return new Schema.Table(
                name, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), documentType, Optional.empty());
    }
}
