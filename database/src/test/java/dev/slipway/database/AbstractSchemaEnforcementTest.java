package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static dev.slipway.database.V.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.Persistence;
import dev.slipway.schema.Schema;
import dev.slipway.schema.ValidationException;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schema enforcement on insert, patch and replace; the schema's storage, reopening and OCC; and the
 * same for a staged schema, enforced alongside the active one.
 */
abstract class AbstractSchemaEnforcementTest {
    /** The backend under test. */
    protected abstract TestStores.StoreFactory stores();

    private static final String TABLE_REST =
            "\"indexes\":[],\"stagedDbIndexes\":[],\"searchIndexes\":[],\"stagedSearchIndexes\":[],"
                    + "\"vectorIndexes\":[],\"stagedVectorIndexes\":[],";
    private static final String USERS = "{\"tableName\":\"users\"," + TABLE_REST
            + "\"documentType\":{\"type\":\"object\",\"value\":{"
            + "\"name\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false},"
            + "\"age\":{\"fieldType\":{\"type\":\"number\"},\"optional\":true},"
            + "\"email\":{\"fieldType\":{\"type\":\"string\"},\"optional\":true}}}}";
    private static final String POSTS = "{\"tableName\":\"posts\"," + TABLE_REST
            + "\"documentType\":{\"type\":\"object\",\"value\":{"
            + "\"author\":{\"fieldType\":{\"type\":\"id\",\"tableName\":\"users\"},\"optional\":false}}}}";

    private final AtomicLong clock = TestStores.clock();
    private Persistence store;
    private Database db;

    @BeforeEach
    void open() {
        store = stores().create();
        db = Database.open(store, TestStores.options(clock, 7).build());
    }

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    /** {@code users} of a staged version: {@code email} becomes required, {@code age} goes. */
    private static final String STAGED_USERS = "{\"tableName\":\"users\"," + TABLE_REST
            + "\"documentType\":{\"type\":\"object\",\"value\":{"
            + "\"name\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false},"
            + "\"email\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false}}}}";
    /** A table only a staged version knows. */
    private static final String MESSAGES = "{\"tableName\":\"messages\"," + TABLE_REST
            + "\"documentType\":{\"type\":\"object\",\"value\":{"
            + "\"body\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false}}}}";

    private static final String VERSION = "3f2a9c01b7de";

    private static Schema schema(boolean validation) {
        return Schema.parse("{\"tables\":[" + USERS + "," + POSTS + "],\"schemaValidation\":" + validation + "}");
    }

    private static Schema stagedSchema(boolean validation) {
        return Schema.parse("{\"tables\":[" + STAGED_USERS + "," + POSTS + "," + MESSAGES + "],\"schemaValidation\":"
                + validation + "}");
    }

    private void stage(Schema schema, String label) {
        Transaction tx = db.beginSystem();
        tx.setStagedSchema(schema, label);
        tx.commit();
    }

    private void unstage() {
        Transaction tx = db.beginSystem();
        tx.clearStagedSchema();
        tx.commit();
    }

    private static void assertRefusedByStaged(Throwable e, String label) {
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) e).code()).isEqualTo(ValidationException.SCHEMA_ENFORCEMENT);
        assertThat(e.getMessage())
                .startsWith("Failed to insert or update the document with ID \"")
                .contains("in table \"users\" because it does not match the schema of staged code version " + label
                        + " (promote would fail on it): ")
                .contains("email");
    }

    private void push(Schema schema) {
        Transaction tx = db.beginSystem();
        tx.setSchema(schema);
        tx.commit();
    }

    private DocumentId insert(String table, Value.Obj value) {
        Transaction tx = db.begin();
        DocumentId id = tx.insert(table, value);
        tx.commit();
        return id;
    }

    @Test
    void write_validDocuments_pass() {
        push(schema(true));
        DocumentId user = insert("users", obj("name", str("ada"), "age", new Value.Float64(36)));
        insert("posts", obj("author", str(user.encode())));
        insert("other", obj("anything", new Value.Bool(true)));
        Transaction tx = db.begin();
        tx.patch(user, patch("age", V.UNDEFINED));
        tx.replace(user, obj("name", str("grace")));
        tx.commit();
        assertThat(db.begin().get(user).map(d -> V.field(d, "name"))).contains(str("grace"));
    }

    @Test
    void insert_badField_failsNamingTableIdPathExpectedAndFound() {
        push(schema(true));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", new Value.Float64(3))))
                .isInstanceOf(ValidationException.class)
                .satisfies(e ->
                        assertThat(((ValidationException) e).code()).isEqualTo(ValidationException.SCHEMA_ENFORCEMENT))
                .hasMessageContaining("table \"users\"")
                .hasMessageContaining("with ID \"")
                .hasMessageContaining(".name")
                .hasMessageContaining("v.string()")
                .hasMessageContaining("3");
    }

    @Test
    void patch_badField_failsNamingTableIdPathExpectedAndFound() {
        push(schema(true));
        DocumentId user = insert("users", obj("name", str("ada")));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.patch(user, patch("age", str("old"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("table \"users\"")
                .hasMessageContaining(user.encode())
                .hasMessageContaining(".age")
                .hasMessageContaining("v.float64()")
                .hasMessageContaining("\"old\"");
    }

    @Test
    void replace_missingField_failsNamingTableIdAndField() {
        push(schema(true));
        DocumentId user = insert("users", obj("name", str("ada")));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.replace(user, obj("age", new Value.Float64(1))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("table \"users\"")
                .hasMessageContaining(user.encode())
                .hasMessageContaining("name");
    }

    @Test
    void insert_idOfWrongTable_rejected() {
        push(schema(true));
        DocumentId other = insert("other", obj());
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("posts", obj("author", str(other.encode()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("table \"posts\"")
                .hasMessageContaining("users");
    }

    @Test
    void write_schemaValidationOff_allowsAnything() {
        push(schema(false));
        DocumentId user = insert("users", obj("name", new Value.Float64(1)));
        Transaction tx = db.begin();
        tx.replace(user, obj("x", new Value.Bool(false)));
        tx.commit();
        assertThat(db.catalog().schema()).map(Schema::schemaValidation).contains(false);
    }

    @Test
    void commit_writeRacingSchemaChange_conflicts() {
        push(schema(false));
        Transaction writer = db.begin();
        writer.insert("users", obj("name", new Value.Float64(1)));
        push(schema(true));
        assertThatThrownBy(writer::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void commit_writeRacingFirstSchemaPush_conflicts() {
        Transaction writer = db.begin();
        writer.insert("users", obj("name", new Value.Float64(1)));
        push(schema(true));
        assertThatThrownBy(writer::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void reopen_keepsSchema() {
        push(schema(true));
        db.close();
        store = stores().reopen(store);
        db = Database.open(store, TestStores.options(clock, 8).build());
        assertThat(db.catalog().schema()).contains(schema(true));
        assertThat(db.catalog().table(SystemTables.SCHEMAS).orElseThrow().number())
                .isBetween(SystemTables.FIRST_SYSTEM_NUMBER, SystemTables.FIRST_USER_NUMBER - 1);
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj())).isInstanceOf(ValidationException.class);
    }

    @Test
    void setSchema_userTransaction_rejected() {
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.setSchema(schema(true))).isInstanceOf(DatabaseException.class);
    }

    // ---- staged schema -------------------------------------------------------------------------

    @Test
    void insert_validForActiveButNotStaged_refusedNamingIdTableAndStagedVersion() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("ada"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION))
                .hasMessageMatching("(?s)Failed to insert or update the document with ID \"[^\"]+\" in table.*");
    }

    @Test
    void patchAndReplace_validForActiveButNotStaged_refusedNamingTheDocument() {
        push(schema(true));
        DocumentId user = insert("users", obj("name", str("ada"), "email", str("ada@example.com")));
        stage(stagedSchema(true), VERSION);
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.patch(user, patch("email", V.UNDEFINED)))
                .satisfies(e -> assertRefusedByStaged(e, VERSION))
                .hasMessageContaining("with ID \"" + user.encode() + "\"");
        assertThatThrownBy(() -> tx.replace(user, obj("name", str("grace"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION))
                .hasMessageContaining("with ID \"" + user.encode() + "\"");
    }

    @Test
    void write_validForBoth_commits() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        DocumentId user = insert("users", obj("name", str("ada"), "email", str("ada@example.com")));
        Transaction tx = db.begin();
        tx.patch(user, patch("email", str("ada@lovelace.org")));
        tx.insert("posts", obj("author", str(user.encode())));
        tx.commit();
        assertThat(db.begin().get(user).map(d -> field(d, "email"))).contains(str("ada@lovelace.org"));
    }

    @Test
    void write_invalidForBoth_failsWithTheActiveSchemasMessage() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", new Value.Float64(3))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("in table \"users\" because it does not match the schema: ")
                .hasMessageNotContaining("staged");
    }

    @Test
    void write_noStagedSchema_onlyTheActiveOneApplies() {
        push(schema(true));
        assertThat(db.catalog().stagedSchema()).isEmpty();
        insert("users", obj("name", str("ada")));
        insert("messages", obj("body", new Value.Float64(1)));
    }

    @Test
    void write_stagedWithoutActiveSchema_enforcesTheStagedOne() {
        stage(stagedSchema(true), VERSION);
        assertThat(db.catalog().schema()).isEmpty();
        assertThat(db.catalog().stagedSchema()).contains(new StagedSchema(stagedSchema(true), VERSION));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("ada"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION));
    }

    @Test
    void insert_tableOnlyTheStagedSchemaKnows_enforced() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("messages", obj("body", new Value.Float64(1))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("in table \"messages\" because it does not match the schema of staged code"
                        + " version " + VERSION)
                .hasMessageContaining(".body")
                .hasMessageContaining("v.string()");
        tx.insert("messages", obj("body", str("hello")));
        tx.commit();
        assertThat(db.catalog().table("messages")).isPresent();
    }

    @Test
    void insertImported_validForActiveButNotStaged_refused() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        Transaction tx = db.beginSystem();
        int number = tx.createHiddenTable("users", OptionalInt.empty());
        assertThatThrownBy(() -> tx.insertImported(number, obj("name", str("ada"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION));
        tx.insertImported(number, obj("name", str("ada"), "email", str("ada@example.com")));
        tx.commit();
    }

    @Test
    void write_stagedSchemaValidationOff_notChecked() {
        push(schema(true));
        stage(stagedSchema(false), VERSION);
        insert("users", obj("name", str("ada")));
        insert("messages", obj("body", new Value.Float64(1)));
        assertThat(db.catalog().stagedSchema().map(s -> s.schema().schemaValidation()))
                .contains(false);
    }

    @Test
    void clearStagedSchema_liftsItsCheck() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        unstage();
        assertThat(db.catalog().stagedSchema()).isEmpty();
        assertThat(db.catalog().schema()).contains(schema(true));
        insert("users", obj("name", str("ada")));
    }

    @Test
    void clearSchema_removesOnlyTheActiveSchema_theStagedOneStillHolds() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        Transaction clear = db.beginSystem();
        clear.clearSchema();
        clear.commit();
        assertThat(db.catalog().schema()).isEmpty();
        assertThat(db.catalog().stagedSchema()).contains(new StagedSchema(stagedSchema(true), VERSION));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("ada"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION));
        Transaction again = db.beginSystem();
        again.clearSchema();
        assertThat(again.hasWrites()).as("nothing active to clear").isFalse();
        again.commit();
    }

    @Test
    void setStagedSchema_again_replacesSchemaAndLabel() {
        push(schema(true));
        stage(schema(true), "000000000001");
        insert("users", obj("name", str("ada")));
        stage(stagedSchema(true), VERSION);
        assertThat(db.catalog().stagedSchema()).contains(new StagedSchema(stagedSchema(true), VERSION));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("grace"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION));
    }

    @Test
    void clearStagedSchema_nothingStaged_writesNothing() {
        Transaction noTable = db.beginSystem();
        noTable.clearStagedSchema();
        assertThat(noTable.hasWrites()).isFalse();
        noTable.commit();
        push(schema(true));
        Transaction noStaged = db.beginSystem();
        noStaged.clearStagedSchema();
        assertThat(noStaged.hasWrites()).isFalse();
        noStaged.commit();
        assertThat(db.catalog().schema()).contains(schema(true));
        assertThat(db.catalog().stagedSchema()).isEmpty();
    }

    @Test
    void setStagedSchema_seenByItsOwnTransaction() {
        push(schema(true));
        Transaction tx = db.beginSystem();
        tx.setStagedSchema(stagedSchema(true), VERSION);
        assertThat(tx.catalog().stagedSchema()).contains(new StagedSchema(stagedSchema(true), VERSION));
        assertThat(db.catalog().stagedSchema()).isEmpty();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("ada"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION));
        tx.clearStagedSchema();
        assertThat(tx.catalog().stagedSchema()).isEmpty();
        tx.insert("users", obj("name", str("ada")));
        tx.commit();
        assertThat(db.catalog().stagedSchema()).isEmpty();
    }

    @Test
    void promote_setSchemaOfStagedAndClearInOneTransaction_makesItActive() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        Transaction promote = db.beginSystem();
        StagedSchema staged = promote.catalog().stagedSchema().orElseThrow();
        promote.setSchema(staged.schema());
        promote.clearStagedSchema();
        promote.commit();
        assertThat(db.catalog().schema()).contains(stagedSchema(true));
        assertThat(db.catalog().stagedSchema()).isEmpty();
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("ada"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("in table \"users\" because it does not match the schema: ")
                .hasMessageNotContaining("staged");
    }

    @Test
    void reopen_keepsStagedSchema() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        db.close();
        store = stores().reopen(store);
        db = Database.open(store, TestStores.options(clock, 8).build());
        assertThat(db.catalog().schema()).contains(schema(true));
        assertThat(db.catalog().stagedSchema()).contains(new StagedSchema(stagedSchema(true), VERSION));
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.insert("users", obj("name", str("ada"))))
                .satisfies(e -> assertRefusedByStaged(e, VERSION));
    }

    @Test
    void reopen_afterPromote_hasNoStagedSchema() {
        stage(stagedSchema(true), VERSION);
        Transaction promote = db.beginSystem();
        promote.setSchema(stagedSchema(true));
        promote.clearStagedSchema();
        promote.commit();
        db.close();
        store = stores().reopen(store);
        db = Database.open(store, TestStores.options(clock, 8).build());
        assertThat(db.catalog().schema()).contains(stagedSchema(true));
        assertThat(db.catalog().stagedSchema()).isEmpty();
    }

    @Test
    void commit_writeRacingStaging_conflicts() {
        push(schema(true));
        Transaction writer = db.begin();
        writer.insert("users", obj("name", str("ada")));
        stage(stagedSchema(true), VERSION);
        assertThatThrownBy(writer::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void commit_writeRacingStagingThatCreatesSchemas_conflicts() {
        Transaction writer = db.begin();
        writer.insert("users", obj("name", str("ada")));
        stage(stagedSchema(true), VERSION);
        assertThatThrownBy(writer::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void commit_writeRacingReplacedOrClearedStaging_conflicts() {
        push(schema(true));
        stage(schema(true), "000000000001");
        Transaction beforeReplace = db.begin();
        beforeReplace.insert("users", obj("name", str("ada")));
        stage(stagedSchema(true), VERSION);
        assertThatThrownBy(beforeReplace::commit).isInstanceOf(OccConflict.class);
        Transaction beforeClear = db.begin();
        beforeClear.insert("users", obj("name", str("ada"), "email", str("ada@example.com")));
        unstage();
        assertThatThrownBy(beforeClear::commit).isInstanceOf(OccConflict.class);
    }

    @Test
    void commit_writeNotRacingStaging_commits() {
        push(schema(true));
        stage(stagedSchema(true), VERSION);
        insert("users", obj("name", str("ada"), "email", str("ada@example.com")));
        insert("other", obj());
        Transaction writer = db.begin();
        writer.insert("users", obj("name", str("grace"), "email", str("grace@example.com")));
        insert("other", obj());
        writer.commit();
        assertThat(db.catalog().stagedSchema()).isPresent();
    }

    @Test
    void stagedSchema_userTransaction_rejected() {
        Transaction tx = db.begin();
        assertThatThrownBy(() -> tx.setStagedSchema(stagedSchema(true), VERSION))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("_schemas");
        assertThatThrownBy(tx::clearStagedSchema)
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("_schemas");
    }

    @Test
    void setStagedSchema_blankOrControlLabel_rejectedNamingTheLabel() {
        Transaction tx = db.beginSystem();
        assertThatThrownBy(() -> tx.setStagedSchema(stagedSchema(true), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label");
        assertThatThrownBy(() -> tx.setStagedSchema(stagedSchema(true), "v1\nv2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v1\uFFFDv2");
        assertThat(tx.hasWrites()).isFalse();
    }
}
