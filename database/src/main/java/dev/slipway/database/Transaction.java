package dev.slipway.database;

import dev.slipway.database.query.FieldPath;
import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.query.QueryException;
import dev.slipway.database.query.QueryPlan;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Timestamp;
import dev.slipway.schema.Schema;
import dev.slipway.value.CreationTime;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Documents;
import dev.slipway.value.FieldNames;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * One transaction: reads at a snapshot, buffers its writes, and commits through the database's
 * committer. Obtain one from {@link Database#begin()}.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State.</b> {@link #writes} holds the net write per document id, in first-write order, with
 *       the document's revision at the snapshot ({@code base}) so the committer can write {@code
 *       prevTs} and the old index keys. Reads consult it first, so the transaction sees its own
 *       writes; queries merge it in ({@link QueryStream}).
 *   <li><b>Read set.</b> {@code get} records the one key of the document in its table's {@code by_id}
 *       index (also when the document does not exist); queries record exactly the interval they
 *       consumed. Since every write of a document writes an entry in every index of its table, the
 *       key read in any index covers later writes of the document.
 *   <li><b>Catalog.</b> The snapshot's {@link Catalog} plus the transaction's own writes to {@code
 *       _tables}/{@code _index}, recomputed after each such write. Creating a table (on the first
 *       insert into an unknown name) reads {@code _tables.by_name} at the name and {@code
 *       _tables.by_number} at the chosen number, so two transactions creating the same table, or
 *       taking the same number, conflict. The catalog documents of an implicit table creation do not
 *       count against the transaction's write limits.
 *   <li><b>Tables of an import.</b> A hidden table ({@link #createHiddenTable}) is reachable only by
 *       number and only from system transactions; {@link #activateTable} makes it the table of its
 *       name in one commit. Every write to a user table also reads the table's {@code
 *       _tables.by_name} entry, so a write that raced such a swap (and would land in the replaced
 *       table) conflicts instead of being lost.
 *   <li><b>Creation times.</b> Each insert takes {@code max(clock, snapshot + 1 ns)} as a timestamp
 *       and converts it with {@link CreationTime#fromCommitTimestamp}; when that is not above the
 *       previous insert's value (the conversion keeps about 0.25 µs of precision) it takes the next
 *       double instead, so creation times grow strictly within a transaction. They are not the
 *       commit timestamp, which is only known at commit.
 *   <li><b>Threads.</b> A transaction is used by one thread at a time; it is not thread-safe.
 * </ul>
 */
public final class Transaction {
    private final Database db;
    private final Timestamp snapshotTs;
    private final Catalog baseCatalog;
    private final boolean system;
    private final TransactionBudget budget;
    private final ReadSet.Builder reads = ReadSet.builder();
    private final LinkedHashMap<DocumentId, DocumentWrite> writes = new LinkedHashMap<>();
    private final Map<DocumentId, Optional<DocumentLogEntry>> fetched = new HashMap<>();
    private Catalog catalog;
    private @Nullable CreationTime lastCreationTime;
    private boolean finished;
    private boolean schemaDependency;
    private final Set<String> tableDependencies = new HashSet<>();

    Transaction(Database db, Timestamp snapshotTs, Catalog catalog, boolean system) {
        this.db = db;
        this.snapshotTs = snapshotTs;
        this.baseCatalog = catalog;
        this.catalog = catalog;
        this.system = system;
        this.budget = new TransactionBudget(db.options().limits());
    }

    /** The snapshot this transaction reads. */
    public Timestamp snapshotTs() {
        return snapshotTs;
    }

    /** Whether this transaction may write system tables. */
    public boolean isSystem() {
        return system;
    }

    /** The catalog as this transaction sees it (its own table and index creations included). */
    public Catalog catalog() {
        return catalog;
    }

    /** The document with this id as this transaction sees it, with {@code _id} and {@code _creationTime}. */
    public Optional<Value.Obj> get(DocumentId id) {
        ensureOpen();
        budget.indexRange();
        return current(id).after();
    }

    /** Fails with {@link DatabaseException#WRONG_TABLE} unless {@code id} belongs to {@code table}. */
    public void checkTable(String table, DocumentId id) {
        Optional<Catalog.Table> expected = catalog.table(table);
        if (expected.isEmpty() || expected.get().number() != id.tableNumber()) {
            throw new DatabaseException(
                    DatabaseException.WRONG_TABLE,
                    "Invalid argument: ID " + id.encode() + " is from table " + catalog.describeTable(id.tableNumber())
                            + ", not from table " + table);
        }
    }

    /**
     * Inserts {@code value} into {@code table}, creating the table if it does not exist.
     *
     * @return the new document's id
     */
    public DocumentId insert(String table, Value.Obj value) {
        ensureOpen();
        checkWritable(table);
        for (String field : List.of(Documents.ID_FIELD, Documents.CREATION_TIME_FIELD)) {
            if (value.fields().containsKey(field)) {
                throw new DatabaseException(
                        DatabaseException.INVALID_DOCUMENT,
                        "Insert into table " + table + ": the value sets the system field " + field
                                + ", which the database assigns");
            }
        }
        Documents.checkTopLevelFields(value);
        int number = catalog.table(table).map(Catalog.Table::number).orElseGet(() -> createTable(table));
        return insertDocument(number, value, true);
    }

    /**
     * Shallow-merges {@code fields} into the document: a present value replaces the field, an empty
     * one removes it. System fields may appear only with their current values.
     *
     * @return the updated document
     */
    public Value.Obj patch(DocumentId id, Map<String, Optional<Value>> fields) {
        ensureOpen();
        DocumentWrite current = existing(id);
        Value.Obj doc = current.after().orElseThrow();
        TreeMap<String, Value> merged = new TreeMap<>(doc.fields());
        fields.forEach((name, value) -> {
            if (isSystemField(name)) {
                checkSystemField(id, doc, name, value);
            } else {
                FieldNames.checkFieldName(name);
                value.ifPresentOrElse(v -> merged.put(name, v), () -> merged.remove(name));
            }
        });
        return write(current, Value.Obj.of(merged));
    }

    /**
     * Replaces the document's fields with {@code value}, keeping its system fields; {@code value} may
     * contain them only with their current values.
     *
     * @return the new document
     */
    public Value.Obj replace(DocumentId id, Value.Obj value) {
        ensureOpen();
        DocumentWrite current = existing(id);
        Value.Obj doc = current.after().orElseThrow();
        TreeMap<String, Value> fields = new TreeMap<>(value.fields());
        for (String name : List.of(Documents.ID_FIELD, Documents.CREATION_TIME_FIELD)) {
            Value given = fields.remove(name);
            if (given != null) {
                checkSystemField(id, doc, name, Optional.of(given));
            }
        }
        Documents.checkTopLevelFields(Value.Obj.of(fields));
        Value creationTime = java.util.Objects.requireNonNull(doc.fields().get(Documents.CREATION_TIME_FIELD));
        return write(current, StoredDocuments.withSystemFields(Value.Obj.of(fields), id, creationTime));
    }

    /**
     * Deletes the document.
     *
     * @return the document as it was
     */
    public Value.Obj delete(DocumentId id) {
        ensureOpen();
        DocumentWrite current = existing(id);
        budget.written(0);
        writes.put(id, new DocumentWrite(id, current.base(), Optional.empty()));
        afterWrite(id);
        return current.after().orElseThrow();
    }

    /**
     * Inserts {@code value} into the existing system table {@code table} on behalf of user code: the
     * record of an effect a user transaction may have, such as a job scheduled by a mutation, which
     * must commit or vanish with that transaction. The user-facing {@link #insert} still refuses
     * system tables; this one refuses everything else, and never creates a table (the table must
     * have been created by a system transaction).
     *
     * @throws DatabaseException {@link DatabaseException#SYSTEM_TABLE_WRITE} when {@code table} is not
     *     an existing system table
     */
    public DocumentId insertIntoSystemTable(String table, Value.Obj value) {
        ensureOpen();
        return insertDocument(existingSystemTable(table), value, true);
    }

    /**
     * Shallow-merges {@code fields} into a document of a system table on behalf of user code (see
     * {@link #insertIntoSystemTable}): the state change of a scheduled job, for instance.
     *
     * @throws DatabaseException {@link DatabaseException#SYSTEM_TABLE_WRITE} when the document is not
     *     in a system table, {@link DatabaseException#NONEXISTENT_DOCUMENT} when it does not exist
     */
    public Value.Obj patchInSystemTable(DocumentId id, Map<String, Optional<Value>> fields) {
        ensureOpen();
        Optional<Catalog.Table> table = catalog.table(id.tableNumber());
        if (table.isEmpty() || !SystemTables.isSystem(table.get().name())) {
            throw notSystemTable(catalog.describeTable(id.tableNumber()));
        }
        DocumentWrite current = existingDocument(id);
        TreeMap<String, Value> merged =
                new TreeMap<>(current.after().orElseThrow().fields());
        fields.forEach((name, value) -> {
            if (isSystemField(name)) {
                checkSystemField(id, current.after().orElseThrow(), name, value);
            } else {
                value.ifPresentOrElse(v -> merged.put(name, v), () -> merged.remove(name));
            }
        });
        return write(current, Value.Obj.of(merged));
    }

    // ---- bulk import --------------------------------------------------------------------------

    /**
     * Creates an empty {@link TableState#HIDDEN} table {@code name} for an import: invisible by name
     * until {@link #activateTable}, so an import can fill it over many transactions and swap it in at
     * once. It gets the built-in indexes and a ready copy of every other index of the active table of
     * the same name, if there is one (the new table is empty, so its indexes are complete from the
     * start). Without an active table of that name (none yet, or it was retired to free its number),
     * it gets the indexes the active schema declares for it. System transactions only.
     *
     * @param number the number the table must have (an imported snapshot's, so that its documents keep
     *     their ids); empty to take the first free user number
     * @return the new table's number
     * @throws DatabaseException {@link DatabaseException#TABLE_NUMBER_TAKEN} when {@code number} is used
     *     by another table, {@link DatabaseException#SYSTEM_TABLE_WRITE} for a system table name or a
     *     user transaction
     */
    public int createHiddenTable(String name, OptionalInt number) {
        ensureOpen();
        requireSystem("Creating a table for an import");
        if (SystemTables.isSystem(name)) {
            throw new DatabaseException(
                    DatabaseException.SYSTEM_TABLE_WRITE,
                    "Table " + name + " is a system table (its name starts with _) and cannot be imported");
        }
        FieldNames.checkIdentifier("table name", name);
        int chosen = number.orElseGet(() -> catalog.nextTableNumber(name));
        if (chosen < SystemTables.FIRST_USER_NUMBER) {
            throw new DatabaseException(
                    DatabaseException.TABLE_NUMBER_TAKEN,
                    "Table " + name + " cannot have number " + chosen + ": user tables are numbered from "
                            + SystemTables.FIRST_USER_NUMBER);
        }
        reads.addRange(SystemTables.TABLES_BY_NUMBER, prefix(new Value.Int64(chosen)));
        recordTableLookup(name);
        Optional<Catalog.Table> holder = catalog.anyTable(chosen);
        if (holder.isPresent()) {
            throw new DatabaseException(
                    DatabaseException.TABLE_NUMBER_TAKEN,
                    "Table number " + chosen + " wanted for table " + name + " is used by table "
                            + holder.get().name() + " ("
                            + holder.get().state().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        insertDocument(SystemTables.TABLES_NUMBER, SystemTables.tableDocument(name, chosen, TableState.HIDDEN), false);
        for (String index : List.of(IndexDefinition.BY_ID, IndexDefinition.BY_CREATION_TIME)) {
            insertDocument(
                    SystemTables.INDEX_NUMBER,
                    SystemTables.indexDocument(chosen, index, List.of(), IndexState.READY),
                    false);
        }
        Optional<Catalog.Table> active = catalog.table(name);
        if (active.isPresent()) {
            for (Catalog.Index index : catalog.indexes(active.get().number())) {
                IndexDefinition definition = index.definition();
                if (!IndexDefinition.isBuiltIn(definition.name())) {
                    insertDocument(
                            SystemTables.INDEX_NUMBER,
                            SystemTables.indexDocument(
                                    chosen, definition.name(), definition.declaredFields(), IndexState.READY),
                            false);
                }
            }
        } else {
            // no table of that name (or it was retired to free its number): the schema's indexes
            for (Schema.Index index : catalog.schema()
                    .flatMap(schema -> schema.table(name))
                    .map(Schema.Table::indexes)
                    .orElse(List.of())) {
                insertDocument(
                        SystemTables.INDEX_NUMBER,
                        SystemTables.indexDocument(
                                chosen,
                                index.name(),
                                index.fields().stream().map(FieldPath::parse).toList(),
                                IndexState.READY),
                        false);
            }
        }
        return chosen;
    }

    /**
     * Inserts an imported document into table {@code tableNumber} (active or hidden), keeping the
     * {@code _id} and {@code _creationTime} it carries; a document without them gets fresh ones. The
     * id's table number must be the table's. The document is checked like any write (field names,
     * size, nesting, the active schema). System transactions only.
     *
     * @return the document's id
     * @throws DatabaseException {@link DatabaseException#IMPORT_CONFLICT} for an id of another table
     *     number, {@link DatabaseException#DUPLICATE_ID} for an id that already exists, {@link
     *     DatabaseException#INVALID_DOCUMENT} for a malformed {@code _id} or {@code _creationTime}
     */
    public DocumentId insertImported(int tableNumber, Value.Obj document) {
        ensureOpen();
        requireSystem("Importing documents");
        Catalog.Table table = catalog.anyTable(tableNumber)
                .filter(t -> t.state() != TableState.DELETING && !SystemTables.isSystem(t.name()))
                .orElseThrow(() -> new DatabaseException(
                        DatabaseException.INVALID_CATALOG_CHANGE,
                        "There is no user table with number " + tableNumber + " to import into"));
        TreeMap<String, Value> fields = new TreeMap<>(document.fields());
        Value givenId = fields.remove(Documents.ID_FIELD);
        Value givenTime = fields.remove(Documents.CREATION_TIME_FIELD);
        DocumentId id;
        if (givenId == null) {
            id = new DocumentId(tableNumber, InternalId.random(db.options().random()));
        } else {
            id = importedId(table, givenId);
        }
        CreationTime creationTime;
        if (givenTime == null) {
            creationTime = nextCreationTime();
        } else if (givenTime instanceof Value.Float64(double millis) && Double.isFinite(millis) && millis >= 0) {
            creationTime = new CreationTime(millis == 0 ? 0.0 : millis);
        } else {
            throw new DatabaseException(
                    DatabaseException.INVALID_DOCUMENT,
                    "Imported document " + id.encode() + " of table " + table.name()
                            + " has an invalid _creationTime " + givenTime
                            + ": it must be a finite, non-negative number of milliseconds");
        }
        budget.indexRange();
        DocumentWrite current = current(id);
        if (current.after().isPresent()) {
            throw new DatabaseException(
                    DatabaseException.DUPLICATE_ID,
                    "Document " + id.encode() + " already exists in table " + table.name()
                            + "; an import cannot insert the same _id twice");
        }
        Value.Obj doc = StoredDocuments.withSystemFields(Value.Obj.of(fields), id, creationTime);
        Documents.check(doc);
        enforceSchema(id, doc);
        budget.written(doc.size());
        writes.put(id, new DocumentWrite(id, current.base(), Optional.of(doc)));
        afterWrite(id);
        return id;
    }

    private static DocumentId importedId(Catalog.Table table, Value givenId) {
        if (!(givenId instanceof Value.Str(String encoded))) {
            throw new DatabaseException(
                    DatabaseException.INVALID_DOCUMENT,
                    "Imported document of table " + table.name() + " has an _id that is not a string: " + givenId);
        }
        DocumentId id = DocumentId.decode(encoded)
                .orElseThrow(() -> new DatabaseException(
                        DatabaseException.INVALID_DOCUMENT,
                        "Imported document of table " + table.name() + " has an invalid _id \"" + encoded + "\""));
        if (id.tableNumber() != table.number()) {
            throw new DatabaseException(
                    DatabaseException.IMPORT_CONFLICT,
                    "_id " + encoded + " cannot be imported into table " + table.name() + ": it belongs to table"
                            + " number " + id.tableNumber() + " and this table has number " + table.number());
        }
        return id;
    }

    /**
     * Makes the hidden table {@code number} the table of its name; the active table of that name, if
     * any, becomes {@link TableState#DELETING} (its documents are deleted in the background). Several
     * calls in one transaction swap several tables in at the same commit. System transactions only.
     *
     * @throws DatabaseException {@link DatabaseException#INVALID_CATALOG_CHANGE} unless {@code number}
     *     is a hidden table
     */
    public void activateTable(int number) {
        ensureOpen();
        requireSystem("Activating an imported table");
        Catalog.Table hidden = hiddenTable(number);
        recordTableLookup(hidden.name());
        Optional<Catalog.Table> previous = catalog.table(hidden.name());
        if (previous.isPresent()) {
            setTableState(previous.get(), TableState.DELETING);
        }
        setTableState(hidden, TableState.ACTIVE);
    }

    /**
     * Retires the active table {@code name}: it becomes {@link TableState#DELETING}, so users see no
     * such table from this commit on, and the database deletes its documents in the background ({@link
     * Database#awaitTableRemoved} completes when its number is free again). An import that must give a
     * new table this table's number retires it first. System transactions only.
     *
     * @return the retired table's number
     */
    public int retireTable(String name) {
        ensureOpen();
        requireSystem("Retiring a table");
        recordTableLookup(name);
        Catalog.Table table = catalog.table(name)
                .filter(t -> !SystemTables.isSystem(t.name()))
                .orElseThrow(() -> new DatabaseException(
                        DatabaseException.INVALID_CATALOG_CHANGE, "There is no user table " + name + " to retire"));
        setTableState(table, TableState.DELETING);
        return table.number();
    }

    /**
     * Abandons the hidden table {@code number} (a failed import): it becomes {@link
     * TableState#DELETING}, and its documents are deleted in the background. System transactions only.
     */
    public void discardTable(int number) {
        ensureOpen();
        requireSystem("Discarding an imported table");
        setTableState(hiddenTable(number), TableState.DELETING);
    }

    private Catalog.Table hiddenTable(int number) {
        return catalog.anyTable(number)
                .filter(t -> t.state() == TableState.HIDDEN)
                .orElseThrow(() -> new DatabaseException(
                        DatabaseException.INVALID_CATALOG_CHANGE,
                        "Table number " + number + " is not a hidden table of an import (it is "
                                + catalog.anyTable(number)
                                        .map(t -> t.name() + ", "
                                                + t.state().name().toLowerCase(java.util.Locale.ROOT))
                                        .orElse("unknown")
                                + ")"));
    }

    private void setTableState(Catalog.Table table, TableState state) {
        DocumentWrite current = existingDocument(table.documentId());
        Value.Obj doc = current.after().orElseThrow();
        TreeMap<String, Value> fields = new TreeMap<>(doc.fields());
        fields.put("state", new Value.Str(SystemTables.tableStateName(state)));
        write(current, Value.Obj.of(fields));
    }

    /**
     * Removes a {@link TableState#DELETING} table that has no documents left from the catalog: its
     * {@code _index} documents, then its {@code _tables} document. For the background purge.
     */
    void removeDeletedTable(Catalog.Table table) {
        ensureOpen();
        requireSystem("Removing a table");
        for (Catalog.Index index : catalog.indexes(table.number())) {
            delete(index.documentId());
        }
        delete(table.documentId());
    }

    private void requireSystem(String what) {
        if (!system) {
            throw new DatabaseException(
                    DatabaseException.SYSTEM_TABLE_WRITE, what + " needs a system transaction (Database.beginSystem)");
        }
    }

    private int existingSystemTable(String table) {
        return catalog.table(table)
                .filter(t -> SystemTables.isSystem(t.name()))
                .map(Catalog.Table::number)
                .orElseThrow(() -> notSystemTable(table));
    }

    private static DatabaseException notSystemTable(String table) {
        return new DatabaseException(
                DatabaseException.SYSTEM_TABLE_WRITE,
                "Table " + table + " is not an existing system table; only system tables created by a system"
                        + " transaction are written on behalf of user code");
    }

    /** Plans {@code query} against this transaction's catalog and runs it. */
    public QueryStream query(SerializedQuery query) {
        return query(QueryPlanner.plan(query, catalog));
    }

    /**
     * Runs {@code plan}: the documents of its index range in index order, this transaction's own
     * writes included, with its filters and limits applied. A query on a table that does not exist
     * returns nothing (and depends on the table's creation).
     *
     * @throws QueryException ({@link QueryException#INDEX_NOT_FOUND}) when the table has no such index
     */
    public QueryStream query(QueryPlan plan) {
        ensureOpen();
        budget.indexRange();
        IndexDefinition def = plan.index();
        Optional<Catalog.Index> index = catalog.index(def.table(), def.name());
        if (index.isEmpty()) {
            if (catalog.table(def.table()).isEmpty()) {
                recordTableLookup(def.table());
                return QueryStream.empty(this, SystemTables.TABLES_BY_NAME);
            }
            throw new QueryException(
                    QueryException.INDEX_NOT_FOUND, "Index " + def.table() + "." + def.name() + " not found.");
        }
        if (index.get().state() == IndexState.BACKFILLING) {
            throw new QueryException(
                    QueryException.INDEX_NOT_READY,
                    "Index " + def.table() + "." + def.name() + " is still backfilling and cannot be queried until"
                            + " it is ready; wait for the deploy to finish building it");
        }
        return QueryStream.over(this, index.get(), plan, writes.values());
    }

    /**
     * Runs one page of {@code plan} ({@code 1.0/queryPage}): up to {@code pageSize} documents after
     * {@code cursor} (from the start when empty), or, with {@code endCursor}, every document through
     * it whatever {@code pageSize}. See {@link Paginator} for the semantics and {@link PageCursor} for
     * the cursor format.
     *
     * @throws dev.slipway.value.SlipwayException {@code NoDocumentsForPagination} ({@code pageSize}
     *     0), {@code PageSizeTooLarge} (above 32000), {@code InvalidMaximumRowsRead} (below 1), {@code
     *     InvalidCursor} (a malformed cursor or one of another query)
     */
    public QueryPage queryPage(
            QueryPlan plan,
            Optional<String> cursor,
            Optional<String> endCursor,
            int pageSize,
            Optional<Integer> maximumRowsRead) {
        return Paginator.page(this, plan, cursor, endCursor, pageSize, maximumRowsRead);
    }

    /**
     * The number of documents of {@code table} as this transaction sees them ({@code 1.0/count}); 0
     * for a table that does not exist. Reads the table's whole {@code by_id} range, so any insert or
     * delete in the table conflicts with (or invalidates) this transaction. Cost: a full scan, each
     * document counting toward the transaction's read limits.
     */
    public long count(String table) {
        return query(new QueryPlan(IndexDefinition.byId(table), KeyRange.ALL, Order.ASC, List.of())).stream()
                .count();
    }

    /**
     * Creates index {@code name} on {@code table} over {@code fields} (dot-separated paths) by writing
     * its {@code _index} document. On a table created in this transaction the index is {@link
     * IndexState#READY} at once; on an existing table it is {@link IndexState#BACKFILLING} until the
     * database's background backfill has indexed every document ({@link Database#awaitIndexReady},
     * {@link Database#indexBackfills}), and queries on it fail until then. The table is created if
     * it does not exist. For catalog code and tests (the schema push).
     *
     * @return the new index's id
     */
    public IndexId createIndex(String table, String name, List<String> fields) {
        ensureOpen();
        List<FieldPath> paths = fields.stream().map(FieldPath::parse).toList();
        IndexDefinition definition = new IndexDefinition(table, name, paths);
        if (catalog.index(table, name).isPresent()) {
            throw new DatabaseException(
                    DatabaseException.INVALID_CATALOG_CHANGE, "Index " + table + "." + name + " already exists");
        }
        // Depend on every index: two transactions creating indexes concurrently conflict, so a name
        // cannot be taken twice. Index creation is rare (schema pushes), so the coarse read costs little.
        reads.addRange(SystemTables.INDEX_BY_CREATION_TIME, KeyRange.ALL);
        IndexState state = baseCatalog.table(table).isPresent() ? IndexState.BACKFILLING : IndexState.READY;
        int number = catalog.table(table).map(Catalog.Table::number).orElseGet(() -> createTable(table));
        DocumentId indexDoc = insertDocument(
                SystemTables.INDEX_NUMBER,
                SystemTables.indexDocument(number, name, definition.declaredFields(), state),
                true);
        return new IndexId(indexDoc.internalId());
    }

    /**
     * Makes {@code schema} the active schema from this transaction's commit on: writes its {@code
     * _schemas} document (see {@link ActiveSchema}), creating the table if needed. Existing documents
     * are not checked here. System transactions only (the deploy pipeline).
     */
    public void setSchema(Schema schema) {
        ensureOpen();
        checkSystemWrite(SystemTables.SCHEMAS);
        writeSchemaDocument(ActiveSchema.documentId(schemasTable()), ActiveSchema.document(schema));
    }

    /**
     * Stages {@code schema} as the schema of the staged code version {@code label}, replacing any
     * staged schema: from this transaction's commit on, every write to a user table must satisfy it as
     * well as the active schema (see {@link StagedSchema}). Writes its {@code _schemas} document (see
     * {@link ActiveSchema}), creating the table if needed. Existing documents are not checked here.
     * System transactions only (the deploy pipeline).
     *
     * @param label the staged code version's id, named in the errors of writes the schema refuses
     * @throws IllegalArgumentException when {@code label} is blank or holds a control character
     */
    public void setStagedSchema(Schema schema, String label) {
        ensureOpen();
        checkSystemWrite(SystemTables.SCHEMAS);
        Value.Obj fields = ActiveSchema.stagedDocument(new StagedSchema(schema, label));
        writeSchemaDocument(ActiveSchema.stagedDocumentId(schemasTable()), fields);
    }

    /**
     * Removes the active schema, if there is one, from this transaction's commit on: no document type
     * is enforced any more (a staged schema stays); without one, nothing is written. System
     * transactions only (the deploy pipeline, for code without a schema).
     */
    public void clearSchema() {
        deleteSchemaDocument(ActiveSchema::documentId);
    }

    /**
     * Removes the staged schema, if there is one, from this transaction's commit on; without one,
     * nothing is written. With {@link #setSchema} of the staged schema in the same transaction, this
     * promotes it. System transactions only (the deploy pipeline).
     */
    public void clearStagedSchema() {
        deleteSchemaDocument(ActiveSchema::stagedDocumentId);
    }

    /** Deletes the {@code _schemas} document at {@code id(<number of _schemas>)}, if it exists. */
    private void deleteSchemaDocument(java.util.function.IntFunction<DocumentId> id) {
        ensureOpen();
        checkSystemWrite(SystemTables.SCHEMAS);
        Optional<Catalog.Table> schemas = catalog.table(SystemTables.SCHEMAS);
        if (schemas.isEmpty()) {
            recordTableLookup(SystemTables.SCHEMAS); // a concurrent first schema conflicts
            return;
        }
        DocumentWrite current = current(id.apply(schemas.get().number()));
        if (current.after().isPresent()) {
            budget.written(0);
            writes.put(current.id(), new DocumentWrite(current.id(), current.base(), Optional.empty()));
            afterWrite(current.id());
        }
    }

    /** The number of {@code _schemas}, created if needed. */
    private int schemasTable() {
        return catalog.table(SystemTables.SCHEMAS)
                .map(Catalog.Table::number)
                .orElseGet(() -> createTable(SystemTables.SCHEMAS));
    }

    /** Writes the {@code _schemas} document {@code id}, keeping its creation time if it exists. */
    private void writeSchemaDocument(DocumentId id, Value.Obj fields) {
        DocumentWrite current = current(id);
        write(
                current,
                current.after()
                        .map(d -> StoredDocuments.withSystemFields(
                                fields,
                                id,
                                java.util.Objects.requireNonNull(d.fields().get(Documents.CREATION_TIME_FIELD))))
                        .orElseGet(() -> StoredDocuments.withSystemFields(fields, id, nextCreationTime())));
    }

    /**
     * Marks the transaction's writes so far, for {@link #rollbackTo}: a nested mutation ({@code
     * ctx.runMutation} inside a mutation) that fails is undone alone.
     */
    public Savepoint savepoint() {
        ensureOpen();
        return new Savepoint(this, new LinkedHashMap<>(writes), catalog);
    }

    /**
     * Undoes every write made after {@code savepoint}. What was read stays in the read set (the
     * outcome still depended on it), and the limits keep counting the undone work.
     *
     * @throws IllegalArgumentException for a savepoint of another transaction
     */
    public void rollbackTo(Savepoint savepoint) {
        ensureOpen();
        if (savepoint.owner != this) {
            throw new IllegalArgumentException("the savepoint belongs to another transaction");
        }
        writes.clear();
        writes.putAll(savepoint.writes);
        catalog = savepoint.catalog;
    }

    /** The state {@link #rollbackTo} returns to; opaque. */
    public static final class Savepoint {
        private final Transaction owner;
        private final Map<DocumentId, DocumentWrite> writes;
        private final Catalog catalog;

        private Savepoint(Transaction owner, Map<DocumentId, DocumentWrite> writes, Catalog catalog) {
            this.owner = owner;
            this.writes = writes;
            this.catalog = catalog;
        }
    }

    /** What this transaction read so far. */
    public ReadSet readSet() {
        return reads.build();
    }

    /** What this transaction read and wrote so far. */
    public TransactionMetrics metrics() {
        return budget.metrics();
    }

    /** The limits this transaction runs under. */
    public TransactionLimits limits() {
        return db.options().limits();
    }

    /** Whether this transaction has written anything. */
    public boolean hasWrites() {
        return !writes.isEmpty();
    }

    /**
     * Commits and waits: returns the commit timestamp (the snapshot for a transaction without writes).
     *
     * @throws OccConflict when a later commit wrote something this transaction read
     */
    public Timestamp commit() {
        try {
            return commitAsync().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Commits: completes with the commit timestamp, or exceptionally with {@link OccConflict} or a store error. */
    public CompletableFuture<Timestamp> commitAsync() {
        ensureOpen();
        finished = true;
        if (writes.values().stream().allMatch(DocumentWrite::isNoop)) {
            return CompletableFuture.completedFuture(snapshotTs);
        }
        return db.submit(snapshotTs, reads.build(), List.copyOf(writes.values()));
    }

    /** Abandons the transaction: nothing is written. */
    public void abort() {
        finished = true;
    }

    // ---- reads -------------------------------------------------------------------------------

    /** The document's current state, recording the read of its {@code by_id} key. */
    private DocumentWrite current(DocumentId id) {
        DocumentWrite own = writes.get(id);
        if (own != null) {
            own.after().ifPresent(this::scanned);
            return own;
        }
        Optional<Catalog.Index> byId = byIdIndex(id.tableNumber());
        if (byId.isEmpty()) {
            return new DocumentWrite(id, Optional.empty(), Optional.empty());
        }
        reads.addPoint(byId.get().id(), byIdKey(id));
        Optional<DocumentLogEntry> base =
                fetched.computeIfAbsent(id, i -> db.persistence().get(i, snapshotTs));
        Optional<Value.Obj> doc = base.flatMap(DocumentLogEntry::value);
        doc.ifPresent(this::scanned);
        return new DocumentWrite(id, base.filter(e -> !e.deleted()), doc);
    }

    /**
     * The {@code by_id} index of the table with this number: of an active table for every transaction,
     * of a hidden or deleting one only for system transactions (user code cannot reach them).
     */
    private Optional<Catalog.Index> byIdIndex(int tableNumber) {
        Optional<Catalog.Table> table = catalog.anyTable(tableNumber);
        if (table.isEmpty() || (!system && table.get().state() != TableState.ACTIVE)) {
            return Optional.empty();
        }
        return catalog.indexes(tableNumber).stream()
                .filter(index -> index.definition().name().equals(IndexDefinition.BY_ID))
                .findFirst();
    }

    private static IndexKey byIdKey(DocumentId id) {
        return new IndexKey(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str(id.encode()))), id));
    }

    /** The document for an update, or {@link DatabaseException#NONEXISTENT_DOCUMENT}. */
    private DocumentWrite existing(DocumentId id) {
        catalog.anyTable(id.tableNumber()).ifPresent(table -> checkSystemWrite(table.name()));
        return existingDocument(id);
    }

    /** {@link #existing} without the system-table check. */
    private DocumentWrite existingDocument(DocumentId id) {
        budget.indexRange();
        DocumentWrite current = current(id);
        if (current.after().isEmpty()) {
            throw new DatabaseException(
                    DatabaseException.NONEXISTENT_DOCUMENT,
                    "Update on nonexistent document ID " + id.encode() + " (table "
                            + catalog.describeTable(id.tableNumber()) + ")");
        }
        return current;
    }

    // ---- hooks for QueryStream ----------------------------------------------------------------

    IndexPage scanPage(IndexId index, KeyRange range, Order order) {
        return db.persistence()
                .scan(index, range, snapshotTs, order, db.options().scanPageSize());
    }

    void recordRange(IndexId index, KeyRange range) {
        reads.addRange(index, range);
    }

    void scanned(Value.Obj doc) {
        budget.scanned(doc.size());
    }

    void cacheFetched(DocumentLogEntry entry) {
        fetched.putIfAbsent(entry.id(), Optional.of(entry));
    }

    // ---- writes ------------------------------------------------------------------------------

    private Value.Obj write(DocumentWrite current, Value.Obj doc) {
        Documents.check(doc);
        enforceSchema(current.id(), doc);
        budget.written(doc.size());
        writes.put(current.id(), new DocumentWrite(current.id(), current.base(), Optional.of(doc)));
        afterWrite(current.id());
        return doc;
    }

    /** Inserts a document; {@code counted} is false for the catalog documents of an implicit table creation. */
    private DocumentId insertDocument(int tableNumber, Value.Obj value, boolean counted) {
        DocumentId id =
                new DocumentId(tableNumber, InternalId.random(db.options().random()));
        Value.Obj doc = StoredDocuments.withSystemFields(value, id, nextCreationTime());
        Documents.check(doc);
        enforceSchema(id, doc);
        if (counted) {
            budget.written(doc.size());
        }
        writes.put(id, new DocumentWrite(id, Optional.empty(), Optional.of(doc)));
        afterWrite(id);
        return id;
    }

    /**
     * Checks a user table's document against the active and the staged schema and depends on both
     * (see {@link ActiveSchema}).
     */
    private void enforceSchema(DocumentId id, Value.Obj doc) {
        Optional<Catalog.Table> table = catalog.anyTable(id.tableNumber());
        if (table.isEmpty() || SystemTables.isSystem(table.get().name())) {
            return;
        }
        if (!schemaDependency) {
            schemaDependency = true;
            ActiveSchema.recordDependency(catalog, reads);
        }
        if (tableDependencies.add(table.get().name())) {
            recordTableLookup(table.get().name()); // conflicts with an import swapping the table
        }
        ActiveSchema.check(catalog, table.get().name(), id, doc);
    }

    private void afterWrite(DocumentId id) {
        if (catalog.changedBy(id.tableNumber())) {
            Map<DocumentId, Optional<Value.Obj>> catalogWrites = new LinkedHashMap<>();
            writes.forEach((docId, write) -> {
                if (Catalog.isCatalogTable(docId.tableNumber())) {
                    catalogWrites.put(docId, write.after());
                }
            });
            catalog = baseCatalog.withWrites(catalogWrites);
        }
    }

    /** Creates {@code table} with its built-in indexes; returns its number. */
    private int createTable(String table) {
        recordTableLookup(table);
        int number = catalog.nextTableNumber(table);
        reads.addRange(SystemTables.TABLES_BY_NUMBER, prefix(new Value.Int64(number)));
        insertDocument(SystemTables.TABLES_NUMBER, SystemTables.tableDocument(table, number), false);
        for (String index : List.of(IndexDefinition.BY_ID, IndexDefinition.BY_CREATION_TIME)) {
            insertDocument(
                    SystemTables.INDEX_NUMBER,
                    SystemTables.indexDocument(number, index, List.of(), IndexState.READY),
                    false);
        }
        return number;
    }

    private void recordTableLookup(String table) {
        reads.addRange(SystemTables.TABLES_BY_NAME, prefix(new Value.Str(table)));
    }

    private static KeyRange prefix(Value value) {
        return KeyRange.prefix(new IndexKey(IndexKeyEncoder.encode(List.of(Optional.of(value)))));
    }

    private CreationTime nextCreationTime() {
        long nanos = Math.max(db.options().clock().getAsLong(), snapshotTs.nanos() + 1);
        CreationTime time = CreationTime.fromCommitTimestamp(nanos);
        CreationTime last = lastCreationTime;
        if (last != null && time.compareTo(last) <= 0) {
            time = last.next();
        }
        lastCreationTime = time;
        return time;
    }

    // ---- checks ------------------------------------------------------------------------------

    private void checkWritable(String table) {
        checkSystemWrite(table);
        FieldNames.checkIdentifier("table name", table);
    }

    private void checkSystemWrite(String table) {
        if (SystemTables.isSystem(table) && !system) {
            throw new DatabaseException(
                    DatabaseException.SYSTEM_TABLE_WRITE,
                    "Table " + table + " is a system table (its name starts with _) and cannot be written"
                            + " by user code");
        }
    }

    private static boolean isSystemField(String name) {
        return name.equals(Documents.ID_FIELD) || name.equals(Documents.CREATION_TIME_FIELD);
    }

    private void checkSystemField(DocumentId id, Value.Obj doc, String name, Optional<Value> value) {
        Value existing = doc.fields().get(name);
        if (value.isEmpty() || !value.get().equals(existing)) {
            throw new DatabaseException(
                    DatabaseException.INVALID_DOCUMENT,
                    "Update of document " + id.encode() + " in table " + catalog.describeTable(id.tableNumber())
                            + " would change the system field " + name + " from " + existing + " to "
                            + value.map(Object::toString).orElse("undefined") + "; system fields cannot change");
        }
    }

    private void ensureOpen() {
        if (finished) {
            throw new DatabaseException(
                    DatabaseException.TRANSACTION_FINISHED,
                    "The transaction at snapshot " + snapshotTs.nanos() + " already committed or was aborted");
        }
    }
}
