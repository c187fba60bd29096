package dev.slipway.database;

import dev.slipway.database.query.FieldPath;
import dev.slipway.database.query.IndexCatalog;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.IndexName;
import dev.slipway.persistence.IndexId;
import dev.slipway.schema.Schema;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the tables and indexes, derived from the documents of {@code _tables}
 * and {@code _index} (see {@link SystemTables}). The database publishes a new one, together with
 * the commit timestamp it belongs to, after each commit that writes a system table; a transaction
 * layers its own pending catalog writes on top with {@link #withWrites}.
 *
 * <p>The catalog also holds the active schema and the staged one: the {@code _schemas} documents with
 * the fixed internal ids {@link SystemTables#ACTIVE_SCHEMA_ID} and {@link
 * SystemTables#STAGED_SCHEMA_ID} (see {@link ActiveSchema}), each parsed once per change.
 */
public final class Catalog implements IndexCatalog {

    /**
     * A table: its name, number, the id of its {@code _tables} document, and its state. Several
     * tables may share a name (an active one, and hidden or deleting ones of an import), never a
     * number.
     */
    public record Table(String name, int number, DocumentId documentId, TableState state) {}

    /**
     * An index: its id (the internal id of its {@code _index} document), table number, definition and
     * state. Only a {@link IndexState#READY} index can be queried; every commit maintains the entries
     * of both states.
     */
    public record Index(IndexId id, int tableNumber, IndexDefinition definition, IndexState state) {
        /** The id of the index's {@code _index} document. */
        public DocumentId documentId() {
            return new DocumentId(SystemTables.INDEX_NUMBER, id.id());
        }
    }

    private final Map<DocumentId, Value.Obj> tableDocs;
    private final Map<DocumentId, Value.Obj> indexDocs;
    /** The active tables by name. */
    private final Map<String, Table> byName = new HashMap<>();
    /** Every table by number, whatever its state. */
    private final Map<Integer, Table> byNumber = new HashMap<>();

    private final Map<Integer, List<Index>> indexes = new HashMap<>();
    private final Optional<Schema> schema;
    private final Optional<StagedSchema> stagedSchema;

    private Catalog(Map<DocumentId, Value.Obj> tableDocs, Map<DocumentId, Value.Obj> indexDocs) {
        this(tableDocs, indexDocs, Optional.empty(), Optional.empty());
    }

    private Catalog(
            Map<DocumentId, Value.Obj> tableDocs,
            Map<DocumentId, Value.Obj> indexDocs,
            Optional<Schema> schema,
            Optional<StagedSchema> stagedSchema) {
        this.schema = schema;
        this.stagedSchema = stagedSchema;
        this.tableDocs = Map.copyOf(tableDocs);
        this.indexDocs = Map.copyOf(indexDocs);
        for (var entry : this.tableDocs.entrySet()) {
            Table table = parseTable(entry.getKey(), entry.getValue());
            if (table.state() == TableState.ACTIVE) {
                byName.put(table.name(), table);
            }
            byNumber.put(table.number(), table);
        }
        for (var entry : this.indexDocs.entrySet()) {
            Index index = parseIndex(entry.getKey(), entry.getValue());
            indexes.computeIfAbsent(index.tableNumber(), n -> new ArrayList<>()).add(index);
        }
        indexes.values().forEach(list -> list.sort((a, b) -> a.id().id().compareTo(b.id().id())));
    }

    /** The catalog described by these stored documents of {@code _tables} and {@code _index}. */
    static Catalog of(Collection<Value.Obj> tableDocuments, Collection<Value.Obj> indexDocuments) {
        return new Catalog(byId(tableDocuments), byId(indexDocuments));
    }

    /** This catalog after {@code writes} (new stored revisions, empty for deletes); other tables ignored. */
    Catalog withWrites(Map<DocumentId, Optional<Value.Obj>> writes) {
        if (writes.isEmpty()) {
            return this;
        }
        Map<DocumentId, Value.Obj> tables = new HashMap<>(tableDocs);
        Map<DocumentId, Value.Obj> idx = new HashMap<>(indexDocs);
        boolean changed = false;
        for (var write : writes.entrySet()) {
            Map<DocumentId, Value.Obj> target = targetOf(write.getKey(), tables, idx);
            if (target != null) {
                changed = true;
                write.getValue()
                        .ifPresentOrElse(doc -> target.put(write.getKey(), doc), () -> target.remove(write.getKey()));
            }
        }
        Catalog next = changed ? new Catalog(tables, idx, schema, stagedSchema) : this;
        return next.withSchemaDocument(id -> writes.get(id));
    }

    /**
     * This catalog with the active and the staged schema read from {@code reader} (a {@code _schemas}
     * document by id: null when not among the writes, empty when deleted); each unchanged when {@code
     * reader} returns null for its document, both unchanged without a {@code _schemas} table.
     */
    Catalog withSchemaDocument(Function<DocumentId, @Nullable Optional<Value.Obj>> reader) {
        Optional<Table> schemas = table(SystemTables.SCHEMAS);
        if (schemas.isEmpty()) {
            return this;
        }
        Optional<Value.Obj> active =
                reader.apply(ActiveSchema.documentId(schemas.get().number()));
        Optional<Value.Obj> staged =
                reader.apply(ActiveSchema.stagedDocumentId(schemas.get().number()));
        if (active == null && staged == null) {
            return this;
        }
        return new Catalog(
                tableDocs,
                indexDocs,
                active == null ? schema : active.flatMap(ActiveSchema::parse),
                staged == null ? stagedSchema : staged.flatMap(ActiveSchema::parseStaged));
    }

    /** The active schema, if one was pushed. */
    public Optional<Schema> schema() {
        return schema;
    }

    /**
     * The schema of the staged code version, if one is staged: writes to user tables must satisfy it
     * as well as {@link #schema()} (see {@link StagedSchema}).
     */
    public Optional<StagedSchema> stagedSchema() {
        return stagedSchema;
    }

    private static @Nullable Map<DocumentId, Value.Obj> targetOf(
            DocumentId id, Map<DocumentId, Value.Obj> tables, Map<DocumentId, Value.Obj> idx) {
        if (id.tableNumber() == SystemTables.TABLES_NUMBER) {
            return tables;
        }
        return id.tableNumber() == SystemTables.INDEX_NUMBER ? idx : null;
    }

    /**
     * Whether a write to a document of this table changes this catalog: {@code _tables}, {@code _index},
     * or {@code _schemas} as this catalog numbers it. Narrower than {@link #isCatalogTable}, so a
     * transaction writing many documents of another system table (a thousand scheduled jobs) does not
     * rebuild its catalog at each write.
     */
    boolean changedBy(int tableNumber) {
        return tableNumber == SystemTables.TABLES_NUMBER
                || tableNumber == SystemTables.INDEX_NUMBER
                || table(SystemTables.SCHEMAS)
                        .map(Table::number)
                        .filter(n -> n == tableNumber)
                        .isPresent();
    }

    /**
     * Whether a write to a document of this table may change the catalog, whatever the catalog: also
     * every table of the system range, which holds {@code _schemas} (its number is not fixed).
     */
    static boolean isCatalogTable(int tableNumber) {
        // _tables, _index, and the system range, which holds _schemas (its number is not fixed).
        return tableNumber >= SystemTables.TABLES_NUMBER && tableNumber < SystemTables.FIRST_USER_NUMBER;
    }

    /** The active table named {@code name}. */
    public Optional<Table> table(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The active table with this number (a hidden or deleting one is not visible here). */
    public Optional<Table> table(int number) {
        return Optional.ofNullable(byNumber.get(number)).filter(t -> t.state() == TableState.ACTIVE);
    }

    /** The table with this number in any state. */
    public Optional<Table> anyTable(int number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** The active tables, in no particular order. */
    public Collection<Table> tables() {
        return List.copyOf(byName.values());
    }

    /** The tables in state {@code state}, in no particular order. */
    public List<Table> tables(TableState state) {
        return byNumber.values().stream().filter(t -> t.state() == state).toList();
    }

    /** The indexes of a table, ordered by id; empty for an unknown table. */
    public List<Index> indexes(int tableNumber) {
        return List.copyOf(indexes.getOrDefault(tableNumber, List.of()));
    }

    /** The index {@code name} of {@code table}, built-ins included. */
    public Optional<Index> index(String table, String name) {
        return table(table)
                .flatMap(t -> indexes.getOrDefault(t.number(), List.of()).stream()
                        .filter(i -> i.definition().name().equals(name))
                        .findFirst());
    }

    /** Every index still backfilling, in no particular order. */
    public List<Index> backfilling() {
        return indexes.values().stream()
                .flatMap(List::stream)
                .filter(index -> index.state() == IndexState.BACKFILLING)
                .toList();
    }

    @Override
    public Optional<IndexDefinition> find(IndexName name) {
        return index(name.table(), name.index()).map(Index::definition);
    }

    /** The first free table number for a new table named {@code name} (user or system range). */
    int nextTableNumber(String name) {
        int number = SystemTables.isSystem(name) ? SystemTables.FIRST_SYSTEM_NUMBER : SystemTables.FIRST_USER_NUMBER;
        while (byNumber.containsKey(number)) {
            number++;
        }
        return number;
    }

    /** The table name of a table number, for messages: the name or {@code "table <n>"}. */
    String describeTable(int number) {
        Table table = byNumber.get(number);
        return table == null ? "table " + number : table.name();
    }

    private static Map<DocumentId, Value.Obj> byId(Collection<Value.Obj> docs) {
        Map<DocumentId, Value.Obj> map = new HashMap<>();
        for (Value.Obj doc : docs) {
            map.put(StoredDocuments.id(doc), doc);
        }
        return map;
    }

    private static Table parseTable(DocumentId id, Value.Obj doc) {
        String name = StoredDocuments.string(doc, "name");
        long number = StoredDocuments.int64(doc, "number");
        return new Table(name, Math.toIntExact(number), id, SystemTables.tableState(doc));
    }

    private Index parseIndex(DocumentId id, Value.Obj doc) {
        int tableNumber = Math.toIntExact(StoredDocuments.int64(doc, "table"));
        String name = StoredDocuments.string(doc, "name");
        List<FieldPath> fields = new ArrayList<>();
        if (doc.fields().get("fields") instanceof Value.Array(List<Value> elements)) {
            for (Value element : elements) {
                if (element instanceof Value.Str(String path)) {
                    fields.add(FieldPath.parse(path));
                }
            }
        }
        Table table = byNumber.get(tableNumber);
        if (table == null) {
            throw new IllegalStateException("index " + name + " (" + id + ") names table number " + tableNumber
                    + ", which has no _tables document");
        }
        return new Index(
                new IndexId(id.internalId()),
                tableNumber,
                new IndexDefinition(table.name(), name, fields),
                SystemTables.indexState(doc));
    }
}
