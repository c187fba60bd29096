package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.application.PushReport.TableChecked;
import dev.slipway.application.PushReport.Violation;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseOptions;
import dev.slipway.database.Transaction;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.schema.Schema;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gate 1 on a database in memory, without JavaScript: which tables, the grouping, and writes after the snapshot. */
class SchemaGateTest {
    private static final String NOTES = "{\"tables\":[{\"tableName\":\"notes\",\"indexes\":[],\"documentType\":"
            + "{\"type\":\"object\",\"value\":{\"text\":{\"fieldType\":{\"type\":\"string\"},\"optional\":false},"
            + "\"priority\":{\"fieldType\":{\"type\":\"number\"},\"optional\":false}}}}],\"schemaValidation\":%s}";

    private final MemoryPersistence store = MemoryPersistence.create("gate");
    private final Database db = Database.open(store, DatabaseOptions.defaults());

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    private static Schema notes(boolean enforced) {
        return Schema.parse(NOTES.formatted(enforced));
    }

    private List<String> insert(String table, List<Map<String, Value>> docs) {
        Transaction tx = db.begin();
        List<String> ids = new ArrayList<>();
        docs.forEach(doc -> ids.add(tx.insert(table, Value.Obj.of(doc)).encode()));
        tx.commit();
        return ids;
    }

    private static List<Map<String, Value>> times(int n, Map<String, Value> doc) {
        List<Map<String, Value>> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(doc);
        }
        return docs;
    }

    @Test
    void tablesToCheck_onlyTablesWhoseEnforcedTypeChanges() {
        Schema enforced = notes(true);
        assertThat(SchemaGate.tablesToCheck(Optional.empty(), Optional.of(enforced)))
                .containsExactly("notes");
        assertThat(SchemaGate.tablesToCheck(Optional.of(notes(false)), Optional.of(enforced)))
                .as("the current schema did not enforce")
                .containsExactly("notes");
        assertThat(SchemaGate.tablesToCheck(Optional.of(enforced), Optional.of(notes(true))))
                .isEmpty();
        assertThat(SchemaGate.tablesToCheck(Optional.empty(), Optional.of(notes(false))))
                .isEmpty();
        assertThat(SchemaGate.tablesToCheck(Optional.of(enforced), Optional.empty()))
                .isEmpty();
        Schema any = Schema.parse("{\"tables\":[{\"tableName\":\"notes\",\"indexes\":[]}],\"schemaValidation\":true}");
        assertThat(SchemaGate.tablesToCheck(Optional.of(enforced), Optional.of(any)))
                .isEmpty();
    }

    @Test
    void check_groupsFailuresWithCountsAndFiveSampleIds_andReportsProgress() {
        List<String> missing = insert("notes", times(8, Map.of("text", new Value.Str("t"))));
        List<String> strings =
                insert("notes", times(2, Map.of("text", new Value.Str("t"), "priority", new Value.Str("high"))));
        insert("notes", times(3, Map.of("text", new Value.Str("t"), "priority", new Value.Float64(1))));
        List<String> progress = new ArrayList<>();

        SchemaGate.Outcome outcome = SchemaGate.check(
                db,
                notes(true),
                List.of("notes", "absent"),
                (table, step, steps, documents) -> progress.add(table + " " + step + "/" + steps + " " + documents));

        assertThat(outcome.check().tables())
                .containsExactly(new TableChecked("notes", 13), new TableChecked("absent", 0));
        assertThat(outcome.check().violations()).hasSize(2);
        Violation absent = found(outcome, "missing");
        assertThat(absent)
                .extracting(Violation::table, Violation::path, Violation::expected, Violation::count)
                .containsExactly("notes", ".priority", "v.float64()", 8L);
        assertThat(absent.sampleIds()).hasSize(SchemaGate.SAMPLE_IDS).isSubsetOf(missing);
        Violation text = found(outcome, "string");
        assertThat(text)
                .extracting(Violation::table, Violation::path, Violation::expected, Violation::count)
                .containsExactly("notes", ".priority", "v.float64()", 2L);
        assertThat(text.sampleIds()).containsExactlyInAnyOrderElementsOf(strings);
        assertThat(progress).containsExactly("notes 1/2 0", "notes 1/2 13", "absent 2/2 0", "absent 2/2 0");
    }

    private static Violation found(SchemaGate.Outcome outcome, String type) {
        return outcome.check().violations().stream()
                .filter(v -> v.found().equals(type))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void check_pastTheGroupLimit_countsTheRestTogether() {
        List<Map<String, Value>> docs = new ArrayList<>();
        for (int i = 0; i <= SchemaGate.MAX_GROUPS; i++) {
            docs.add(Map.of(
                    "text", new Value.Str("t"), "priority", new Value.Float64(1), "extra" + i, new Value.Bool(true)));
        }
        insert("notes", docs);

        List<Violation> violations = SchemaGate.check(db, notes(true), List.of("notes"), (t, s, n, d) -> {})
                .check()
                .violations();

        assertThat(violations).hasSize(SchemaGate.MAX_GROUPS + 1);
        assertThat(violations.getLast().path()).isEqualTo(SchemaGate.OTHER_PATH);
        assertThat(violations.getLast().count()).isEqualTo(1);
        assertThat(violations.getFirst().expected()).isEqualTo("absent");
    }

    @Test
    void unchangedSince_seesWritesToCheckedTablesOnly_andTheirCreation() {
        insert("notes", times(2, Map.of("text", new Value.Str("t"), "priority", new Value.Float64(1))));
        SchemaGate.Outcome outcome = SchemaGate.check(db, notes(true), List.of("notes", "later"), (t, s, n, d) -> {});
        assertThat(SchemaGate.unchangedSince(db, outcome, db.lastCommitted())).isTrue();

        insert("other", times(1, Map.of("x", new Value.Float64(1))));
        assertThat(SchemaGate.unchangedSince(db, outcome, db.lastCommitted())).isTrue();

        insert("later", times(1, Map.of("x", new Value.Float64(1))));
        assertThat(SchemaGate.unchangedSince(db, outcome, db.lastCommitted()))
                .as("a checked table created after the snapshot")
                .isFalse();

        SchemaGate.Outcome again = SchemaGate.check(db, notes(true), List.of("notes"), (t, s, n, d) -> {});
        insert("notes", times(1, Map.of("text", new Value.Str("t"), "priority", new Value.Float64(2))));
        assertThat(SchemaGate.unchangedSince(db, again, db.lastCommitted())).isFalse();
    }
}
