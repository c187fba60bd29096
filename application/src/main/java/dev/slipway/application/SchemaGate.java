package dev.slipway.application;

import dev.slipway.application.PushReport.SchemaCheck;
import dev.slipway.application.PushReport.TableChecked;
import dev.slipway.application.PushReport.Violation;
import dev.slipway.database.Catalog;
import dev.slipway.database.Database;
import dev.slipway.database.DatabaseException;
import dev.slipway.database.SystemTables;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Timestamp;
import dev.slipway.schema.Schema;
import dev.slipway.schema.TableResolver;
import dev.slipway.schema.ValidationError;
import dev.slipway.schema.ValidationException;
import dev.slipway.schema.Validator;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Documents;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gate 1 of a push (ARCHITECTURE §7): the existing documents of every table whose document validator
 * changes, or that newly gets one, checked against the pushed schema.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Which tables.</b> With the pushed schema enforcing ({@code schemaValidation}), each table
 *       whose document type is not {@code v.any()} and differs from what the current schema enforces
 *       for it ({@code v.any()} when the current schema does not enforce, lacks the table, or there is
 *       none).
 *   <li><b>One snapshot, bounded memory.</b> Every table is read at the snapshot taken when the check
 *       starts, page by page, each page in a read transaction of its own ({@link SystemQueries#forEachAt}),
 *       so a table of any size is checked with a page in memory. The check must end within the
 *       database's retention window (5 min by default), else it fails naming that window.
 *   <li><b>Grouping.</b> A failing document counts once, under its first problem in Convex's order:
 *       (table, field path, expected validator, type found). Each group keeps {@value #SAMPLE_IDS}
 *       document ids; past {@value #MAX_GROUPS} groups in a table the rest are counted together.
 *   <li><b>Writes after the snapshot.</b> {@link #unchangedSince} asks the write log whether a checked
 *       table was written after the snapshot; the push checks again (at a new snapshot) until nothing
 *       changed before it switches.
 * </ul>
 */
final class SchemaGate {
    /** Sample document ids kept per violation. */
    static final int SAMPLE_IDS = 5;
    /** Distinct violations kept per table; further ones are counted under {@link #OTHER_PATH}. */
    static final int MAX_GROUPS = 100;
    /** The path of the group that counts the documents past {@link #MAX_GROUPS}. */
    static final String OTHER_PATH = "(other problems)";

    private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SchemaGate() {}

    /** Hears the check's progress: the table, its place among the checked tables, documents checked so far. */
    @FunctionalInterface
    interface Progress {
        void checking(String table, int step, int steps, long documents);
    }

    /**
     * A finished check.
     *
     * @param check what the report shows
     * @param snapshot the snapshot the documents were read at
     * @param tables the tables checked
     */
    record Outcome(SchemaCheck check, Timestamp snapshot, List<String> tables) {}

    /** The tables whose documents a push from {@code before} to {@code after} must check, in schema order. */
    static List<String> tablesToCheck(Optional<Schema> before, Optional<Schema> after) {
        if (after.isEmpty() || !after.get().schemaValidation()) {
            return List.of();
        }
        List<String> tables = new ArrayList<>();
        for (Schema.Table table : after.get().tables()) {
            Validator now = table.documentType();
            if (now instanceof Validator.Any) {
                continue;
            }
            Optional<Validator> enforced = before.filter(Schema::schemaValidation)
                    .flatMap(s -> s.table(table.name()))
                    .map(Schema.Table::documentType);
            if (!enforced.equals(Optional.of(now))) {
                tables.add(table.name());
            }
        }
        return tables;
    }

    /** Checks every document of {@code tables} against {@code schema}, at the latest snapshot. */
    static Outcome check(Database db, Schema schema, List<String> tables, Progress progress) {
        Timestamp snapshot = db.lastCommitted();
        Catalog catalog = db.catalog();
        TableResolver resolver = number -> catalog.table(number).map(Catalog.Table::name);
        List<TableChecked> checked = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i);
            int step = i + 1;
            progress.checking(table, step, tables.size(), 0);
            TableCheck check = new TableCheck(table);
            if (catalog.table(table).isPresent()) {
                QueryPlan plan = new QueryPlan(IndexDefinition.byId(table), KeyRange.ALL, Order.ASC, List.of());
                try {
                    SystemQueries.forEachAt(db, snapshot, plan, doc -> {
                        check.document(schema.validateDocument(table, doc, resolver), doc);
                        if (check.documents % SystemQueries.PAGE_SIZE == 0) {
                            progress.checking(table, step, tables.size(), check.documents);
                        }
                    });
                } catch (DatabaseException e) {
                    if (e.code().equals(DatabaseException.OUT_OF_RETENTION)) {
                        throw new ApplicationException(
                                DatabaseException.OUT_OF_RETENTION,
                                "Checking the documents of table " + table + " against the new schema took longer"
                                        + " than the database's retention window, so its snapshot is gone; push"
                                        + " again, or raise DatabaseOptions.retentionWindow: " + e.getMessage());
                    }
                    throw e;
                }
            }
            progress.checking(table, step, tables.size(), check.documents);
            checked.add(new TableChecked(table, check.documents));
            violations.addAll(check.violations());
        }
        return new Outcome(new SchemaCheck(true, checked, violations), snapshot, List.copyOf(tables));
    }

    /**
     * Whether no commit after the outcome's snapshot, up to {@code through}, wrote a checked table
     * (or created one that did not exist). False too when the write log no longer reaches back to the
     * snapshot, so the answer is unknown.
     */
    static boolean unchangedSince(Database db, Outcome outcome, Timestamp through) {
        if (outcome.tables().isEmpty()) {
            return true;
        }
        Catalog catalog = db.catalog();
        ReadSet.Builder reads = ReadSet.builder();
        for (String table : outcome.tables()) {
            Optional<Catalog.Index> byId = catalog.index(table, IndexDefinition.BY_ID);
            if (byId.isPresent()) {
                reads.addRange(byId.get().id(), KeyRange.ALL);
            } else {
                reads.addRange(
                        SystemTables.TABLES_BY_NAME,
                        KeyRange.prefix(
                                new IndexKey(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str(table)))))));
            }
        }
        return db.unchangedThrough(reads.build(), outcome.snapshot(), through);
    }

    /** The documents of one table, counted and grouped by problem. */
    private static final class TableCheck {
        private final String table;
        private final Map<Key, Group> groups = new LinkedHashMap<>();
        long documents;

        TableCheck(String table) {
            this.table = table;
        }

        void document(Optional<ValidationException> failure, Value.Obj doc) {
            documents++;
            if (failure.isEmpty()) {
                return;
            }
            Key key = key(failure.get().error());
            if (!groups.containsKey(key) && groups.size() >= MAX_GROUPS) {
                key = new Key(OTHER_PATH, "", "");
            }
            Group group = groups.computeIfAbsent(key, k -> new Group());
            group.count++;
            if (group.samples.size() < SAMPLE_IDS
                    && doc.fields().get(Documents.ID_FIELD) instanceof Value.Str(String id)) {
                group.samples.add(id);
            }
        }

        List<Violation> violations() {
            List<Violation> out = new ArrayList<>();
            groups.forEach((key, group) ->
                    out.add(new Violation(table, key.path, key.expected, key.found, group.count, group.samples)));
            return out;
        }
    }

    private record Key(String path, String expected, String found) {}

    private static final class Group {
        long count;
        final List<String> samples = new ArrayList<>();
    }

    /** The (path, expected, found) of a validation problem. */
    private static Key key(ValidationError error) {
        return switch (error) {
            case ValidationError.NoMatch m -> new Key(m.path(), m.expected().toString(), typeName(m.value()));
            case ValidationError.LiteralMismatch m ->
                new Key(m.path(), m.expected().toString(), typeName(m.value()));
            case ValidationError.MissingField m -> {
                Validator.Field field = m.expected().fields().get(m.field());
                yield new Key(
                        m.path() + segment(m.field()),
                        field == null ? "a value" : field.validator().toString(),
                        "missing");
            }
            case ValidationError.ExtraField m ->
                new Key(
                        m.path() + segment(m.field()),
                        "absent",
                        typeName(java.util.Objects.requireNonNull(
                                m.object().fields().get(m.field()))));
            case ValidationError.WrongTable m ->
                new Key(m.path(), new Validator.Id(m.expectedTable()).toString(), "id of table " + m.foundTable());
        };
    }

    private static String segment(String field) {
        return PLAIN_FIELD.matcher(field).matches() ? "." + field : "[" + ConvexJson.encode(new Value.Str(field)) + "]";
    }

    /** Convex's name for the type of {@code value}. */
    static String typeName(Value value) {
        return switch (value) {
            case Value.Null _ -> "null";
            case Value.Int64 _ -> "int64";
            case Value.Float64 _ -> "float64";
            case Value.Bool _ -> "boolean";
            case Value.Str _ -> "string";
            case Value.Bytes _ -> "bytes";
            case Value.Array _ -> "array";
            case Value.Obj _ -> "object";
        };
    }
}
