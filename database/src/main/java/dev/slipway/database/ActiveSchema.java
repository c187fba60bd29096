package dev.slipway.database;

import dev.slipway.database.query.IndexDefinition;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.schema.Schema;
import dev.slipway.schema.TableResolver;
import dev.slipway.schema.ValidationException;
import dev.slipway.value.DocumentId;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The active schema and the staged one as stored, and their enforcement on writes.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Storage.</b> At most two documents of {@code _schemas} (a system table created by the
 *       first schema push or staging, its number taken from the system range), each with a fixed
 *       internal id: the active schema at {@link SystemTables#ACTIVE_SCHEMA_ID}, {@code {schema:
 *       <Schema.toJson()>, state: "active"}}, and, while a code version is staged, its schema at
 *       {@link SystemTables#STAGED_SCHEMA_ID}, {@code {schema: <Schema.toJson()>, state: "staged",
 *       label: <the staged code version's id>}}. A new push replaces the active document, staging
 *       replaces the staged one and unstaging deletes it, so every change of either schema writes
 *       the same {@code by_id} key. Promoting a staged version is one transaction that writes the
 *       staged schema as the active one and deletes the staged document.
 *   <li><b>OCC.</b> A transaction's first write to a user table reads both keys (or, while there is
 *       no {@code _schemas} table, the {@code _tables.by_name} entry of {@code _schemas}), whether or
 *       not the table is in either schema: a change of the active or staged schema committed after
 *       the transaction's snapshot then conflicts with it, so no document validated (or left
 *       unchecked) under the old schemas lands under the new ones.
 *   <li><b>Checks.</b> The full stored document (system fields included, which the schema skips)
 *       against {@link Schema#checkWrite} of the active schema, then of the staged one, with IDs
 *       resolved by the transaction's catalog. Each schema's {@code schemaValidation} flag turns its
 *       own check off. A failure against the staged schema names the staged version: the write would
 *       be valid now, but the promote of that version would find a document its schema refuses.
 * </ul>
 */
final class ActiveSchema {
    static final String SCHEMA_FIELD = "schema";
    static final String STATE_FIELD = "state";
    static final String LABEL_FIELD = "label";

    private ActiveSchema() {}

    /** The id of the active schema's document in {@code _schemas}, whose number is {@code schemasNumber}. */
    static DocumentId documentId(int schemasNumber) {
        return new DocumentId(schemasNumber, SystemTables.ACTIVE_SCHEMA_ID);
    }

    /** The id of the staged schema's document in {@code _schemas}, whose number is {@code schemasNumber}. */
    static DocumentId stagedDocumentId(int schemasNumber) {
        return new DocumentId(schemasNumber, SystemTables.STAGED_SCHEMA_ID);
    }

    /** The {@code _schemas} document for {@code schema}, without system fields. */
    static Value.Obj document(Schema schema) {
        return Value.Obj.of(Map.of(
                SCHEMA_FIELD, new Value.Str(schema.toJson()),
                STATE_FIELD, new Value.Str(SystemTables.STATE_ACTIVE)));
    }

    /** The {@code _schemas} document for {@code staged}, without system fields. */
    static Value.Obj stagedDocument(StagedSchema staged) {
        return Value.Obj.of(Map.of(
                SCHEMA_FIELD, new Value.Str(staged.schema().toJson()),
                STATE_FIELD, new Value.Str(SystemTables.STATE_STAGED),
                LABEL_FIELD, new Value.Str(staged.label())));
    }

    /** The schema of a stored {@code _schemas} document, empty unless its state is active. */
    static Optional<Schema> parse(Value.Obj doc) {
        if (!hasState(doc, SystemTables.STATE_ACTIVE)) {
            return Optional.empty();
        }
        return Optional.of(Schema.parse(StoredDocuments.string(doc, SCHEMA_FIELD)));
    }

    /** The staged schema of a stored {@code _schemas} document, empty unless its state is staged. */
    static Optional<StagedSchema> parseStaged(Value.Obj doc) {
        if (!hasState(doc, SystemTables.STATE_STAGED)) {
            return Optional.empty();
        }
        return Optional.of(new StagedSchema(
                Schema.parse(StoredDocuments.string(doc, SCHEMA_FIELD)), StoredDocuments.string(doc, LABEL_FIELD)));
    }

    private static boolean hasState(Value.Obj doc, String expected) {
        return doc.fields().get(STATE_FIELD) instanceof Value.Str(String state) && state.equals(expected);
    }

    /** Records the reads that make a write depend on the active and the staged schema (see the class notes). */
    static void recordDependency(Catalog catalog, ReadSet.Builder reads) {
        Optional<Catalog.Table> schemas = catalog.table(SystemTables.SCHEMAS);
        Optional<Catalog.Index> byId = catalog.index(SystemTables.SCHEMAS, IndexDefinition.BY_ID);
        if (schemas.isEmpty() || byId.isEmpty()) {
            reads.addRange(
                    SystemTables.TABLES_BY_NAME,
                    KeyRange.prefix(new IndexKey(
                            IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str(SystemTables.SCHEMAS)))))));
            return;
        }
        for (DocumentId id : List.of(
                documentId(schemas.get().number()),
                stagedDocumentId(schemas.get().number()))) {
            reads.addPoint(
                    byId.get().id(),
                    new IndexKey(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str(id.encode()))), id)));
        }
    }

    /**
     * Checks the stored document {@code doc} of user table {@code table} against the catalog's active
     * schema, then against its staged schema.
     *
     * @throws ValidationException code {@link ValidationException#SCHEMA_ENFORCEMENT}, naming the
     *     table, the document id, the field path, the expected validator and the value found, and for
     *     the staged schema also the staged version's label
     */
    static void check(Catalog catalog, String table, DocumentId id, Value.Obj doc) {
        Optional<Schema> schema = catalog.schema();
        Optional<StagedSchema> staged = catalog.stagedSchema();
        if (schema.isEmpty() && staged.isEmpty()) {
            return;
        }
        // hidden tables count: an import validates documents that refer to tables it fills alongside
        TableResolver resolver = number -> catalog.anyTable(number)
                .filter(t -> t.state() != TableState.DELETING)
                .map(Catalog.Table::name);
        if (schema.isPresent()) {
            try {
                schema.get().checkWrite(table, doc, resolver);
            } catch (ValidationException e) {
                throw refused(id, table, "", e);
            }
        }
        if (staged.isPresent()) {
            try {
                staged.get().schema().checkWrite(table, doc, resolver);
            } catch (ValidationException e) {
                throw refused(
                        id,
                        table,
                        " of staged code version " + staged.get().label() + " (promote would fail on it)",
                        e);
            }
        }
    }

    /** The enforcement error for a document refused by the schema {@code qualifier} names (empty: the active one). */
    private static ValidationException refused(
            DocumentId id, String table, String qualifier, ValidationException cause) {
        return new ValidationException(
                ValidationException.SCHEMA_ENFORCEMENT,
                "Failed to insert or update the document with ID \"" + id.encode() + "\" in table \"" + table
                        + "\" because it does not match the schema" + qualifier + ": "
                        + cause.error().message(),
                cause.error());
    }
}
