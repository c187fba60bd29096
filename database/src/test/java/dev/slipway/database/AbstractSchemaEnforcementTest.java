package dev.slipway.database;

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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schema enforcement on insert, patch and replace; the schema's storage, reopening and OCC. */
abstract class AbstractSchemaEnforcementTest {
    /** The backend under test. */
    protected abstract TestStores.StoreFactory stores();

    private static final String TABLE_REST =
            "\"indexes\":[],\"stagedDbIndexes\":[],\"searchIndexes\":[],\"stagedSearchIndexes\":[],"
                    + "\"vectorIndexes\":[],\"stagedVectorIndexes\":[],";
    private static final String USERS = "{\"tableName\":\"users\"," + TABLE_REST
            + "\"documentType\":{\"type\":\"object\",\"value\":{"
            + "\"name\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false},"
            + "\"age\":{\"fieldType\":{\"type\":\"number\"},\"optional\":true}}}}";
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

    private static Schema schema(boolean validation) {
        return Schema.parse("{\"tables\":[" + USERS + "," + POSTS + "],\"schemaValidation\":" + validation + "}");
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
}
