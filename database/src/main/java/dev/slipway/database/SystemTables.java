package dev.slipway.database;

import dev.slipway.database.query.FieldPath;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.persistence.IndexId;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The system tables that describe every table, and their fixed identities.
 *
 * <h2>Table numbers</h2>
 *
 * <ul>
 *   <li>{@value #TABLES_NUMBER}: {@code _tables}, one document per table: {@code {name, number:
 *       Int64, state}}, the state being {@code "active"}, {@code "hidden"} or {@code "deleting"}
 *       (see {@link TableState}).
 *   <li>{@value #INDEX_NUMBER}: {@code _index}, one document per index: {@code {table: Int64 (table
 *       number), name, fields: [field paths], state: "ready"}}. Its document's internal id is the
 *       index's {@link IndexId}.
 *   <li>From {@value #FIRST_SYSTEM_NUMBER}: further system tables ({@code _schemas}, {@code
 *       _modules}, ...), first free number.
 *   <li>From {@value #FIRST_USER_NUMBER}: user tables, first free number (Convex's numbering).
 * </ul>
 *
 * <h2>Bootstrap identities</h2>
 *
 * The documents of the two bootstrap tables in {@code _tables} and of their indexes in {@code
 * _index} have fixed internal ids (zero bytes ending in a small counter), so the index ids of {@code
 * _tables.by_id} and {@code _index.by_id}, which are needed to load the catalog, are constants.
 * {@code _tables} has the indexes {@code by_id}, {@code by_creation_time}, {@code by_name} and {@code
 * by_number}; {@code by_name} and {@code by_number} make the "is this name/number taken" checks of
 * table creation point reads, so two transactions creating the same table conflict.
 */
public final class SystemTables {
    /** Name of the table of tables. */
    public static final String TABLES = "_tables";
    /** Name of the table of indexes. */
    public static final String INDEX = "_index";
    /** Number of {@code _tables}. */
    public static final int TABLES_NUMBER = 513;
    /** Number of {@code _index}. */
    public static final int INDEX_NUMBER = 514;
    /** First number of other system tables. */
    public static final int FIRST_SYSTEM_NUMBER = 515;
    /** First number of user tables. */
    public static final int FIRST_USER_NUMBER = 10001;

    /** {@code _tables.by_name}: tables by name. */
    public static final String BY_NAME = "by_name";
    /** {@code _tables.by_number}: tables by number. */
    public static final String BY_NUMBER = "by_number";

    /** Index id of {@code _tables.by_id}. */
    public static final IndexId TABLES_BY_ID = new IndexId(fixedId(0, 1));
    /** Index id of {@code _tables.by_creation_time}. */
    public static final IndexId TABLES_BY_CREATION_TIME = new IndexId(fixedId(0, 2));
    /** Index id of {@code _tables.by_name}. */
    public static final IndexId TABLES_BY_NAME = new IndexId(fixedId(0, 3));
    /** Index id of {@code _tables.by_number}. */
    public static final IndexId TABLES_BY_NUMBER = new IndexId(fixedId(0, 4));
    /** Index id of {@code _index.by_id}. */
    public static final IndexId INDEX_BY_ID = new IndexId(fixedId(0, 5));
    /** Index id of {@code _index.by_creation_time}. */
    public static final IndexId INDEX_BY_CREATION_TIME = new IndexId(fixedId(0, 6));

    /**
     * Name of the table holding the active schema and the staged one, if any (created by the first
     * schema push or staging).
     */
    public static final String SCHEMAS = "_schemas";

    /** Internal id of the one {@code _schemas} document holding the active schema. */
    static final InternalId ACTIVE_SCHEMA_ID = fixedId(2, 1);

    /** Internal id of the one {@code _schemas} document holding the staged schema, while one is staged. */
    static final InternalId STAGED_SCHEMA_ID = fixedId(2, 2);

    static final String STATE_ACTIVE = "active";
    static final String STATE_STAGED = "staged";
    static final String STATE_HIDDEN = "hidden";
    static final String STATE_DELETING = "deleting";
    static final String STATE_READY = "ready";
    static final String STATE_BACKFILLING = "backfilling";

    private SystemTables() {}

    /** Whether {@code table} is a system table name. */
    public static boolean isSystem(String table) {
        return table.startsWith("_");
    }

    /** The bootstrap documents (without system fields), each with its id, in insertion order. */
    static List<Map.Entry<DocumentId, Value.Obj>> bootstrapDocuments() {
        List<Map.Entry<DocumentId, Value.Obj>> docs = new ArrayList<>();
        docs.add(Map.entry(new DocumentId(TABLES_NUMBER, fixedId(1, 1)), tableDocument(TABLES, TABLES_NUMBER)));
        docs.add(Map.entry(new DocumentId(TABLES_NUMBER, fixedId(1, 2)), tableDocument(INDEX, INDEX_NUMBER)));
        addIndex(docs, TABLES_BY_ID, TABLES_NUMBER, IndexDefinition.BY_ID, List.of());
        addIndex(docs, TABLES_BY_CREATION_TIME, TABLES_NUMBER, IndexDefinition.BY_CREATION_TIME, List.of());
        addIndex(docs, TABLES_BY_NAME, TABLES_NUMBER, BY_NAME, List.of(FieldPath.of("name")));
        addIndex(docs, TABLES_BY_NUMBER, TABLES_NUMBER, BY_NUMBER, List.of(FieldPath.of("number")));
        addIndex(docs, INDEX_BY_ID, INDEX_NUMBER, IndexDefinition.BY_ID, List.of());
        addIndex(docs, INDEX_BY_CREATION_TIME, INDEX_NUMBER, IndexDefinition.BY_CREATION_TIME, List.of());
        return docs;
    }

    private static void addIndex(
            List<Map.Entry<DocumentId, Value.Obj>> docs,
            IndexId id,
            int tableNumber,
            String name,
            List<FieldPath> fields) {
        docs.add(Map.entry(
                new DocumentId(INDEX_NUMBER, id.id()), indexDocument(tableNumber, name, fields, IndexState.READY)));
    }

    /** An active table's {@code _tables} document, without system fields. */
    static Value.Obj tableDocument(String name, int number) {
        return tableDocument(name, number, TableState.ACTIVE);
    }

    /** A {@code _tables} document, without system fields. */
    static Value.Obj tableDocument(String name, int number, TableState state) {
        return Value.Obj.of(Map.of(
                "name", new Value.Str(name),
                "number", new Value.Int64(number),
                "state", new Value.Str(tableStateName(state))));
    }

    static String tableStateName(TableState state) {
        return switch (state) {
            case ACTIVE -> STATE_ACTIVE;
            case HIDDEN -> STATE_HIDDEN;
            case DELETING -> STATE_DELETING;
        };
    }

    /** The state in a {@code _tables} document; one without a known state is active. */
    static TableState tableState(Value.Obj doc) {
        if (doc.fields().get("state") instanceof Value.Str(String state)) {
            return switch (state) {
                case STATE_HIDDEN -> TableState.HIDDEN;
                case STATE_DELETING -> TableState.DELETING;
                default -> TableState.ACTIVE;
            };
        }
        return TableState.ACTIVE;
    }

    /** An {@code _index} document, without system fields. */
    static Value.Obj indexDocument(int tableNumber, String name, List<FieldPath> fields, IndexState state) {
        List<Value> paths = new ArrayList<>();
        for (FieldPath field : fields) {
            paths.add(new Value.Str(field.toString()));
        }
        return Value.Obj.of(Map.of(
                "table", new Value.Int64(tableNumber),
                "name", new Value.Str(name),
                "fields", new Value.Array(paths),
                "state", new Value.Str(stateName(state))));
    }

    static String stateName(IndexState state) {
        return switch (state) {
            case BACKFILLING -> STATE_BACKFILLING;
            case READY -> STATE_READY;
        };
    }

    /** The state in an {@code _index} document; a document without one (written before states existed) is ready. */
    static IndexState indexState(Value.Obj doc) {
        return doc.fields().get("state") instanceof Value.Str(String state) && state.equals(STATE_BACKFILLING)
                ? IndexState.BACKFILLING
                : IndexState.READY;
    }

    /** Zero bytes, then {@code group} and {@code n} in the last two bytes. */
    private static InternalId fixedId(int group, int n) {
        byte[] bytes = new byte[InternalId.LENGTH];
        bytes[InternalId.LENGTH - 2] = (byte) group;
        bytes[InternalId.LENGTH - 1] = (byte) n;
        return new InternalId(bytes);
    }
}
