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
 * The active schema as stored, and its enforcement on writes.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Storage.</b> One document of {@code _schemas} (a system table created by the first schema
 *       push, its number taken from the system range) with the fixed internal id {@link
 *       SystemTables#ACTIVE_SCHEMA_ID}: {@code {schema: <Schema.toJson()>, state: "active"}}. A new
 *       push replaces that document, so every change of the schema writes the same {@code by_id}
 *       key.
 *   <li><b>OCC.</b> A transaction's first write to a user table reads that key (or, while there is
 *       no {@code _schemas} table, the {@code _tables.by_name} entry of {@code _schemas}), whether or
 *       not the table is in the schema: a schema change committed after the transaction's snapshot
 *       then conflicts with it, so no document validated (or left unchecked) under the old schema
 *       lands under the new one.
 *   <li><b>Checks.</b> The full stored document (system fields included, which the schema skips)
 *       against {@link Schema#checkWrite}, with IDs resolved by the transaction's catalog.
 * </ul>
 */
final class ActiveSchema {
    static final String SCHEMA_FIELD = "schema";
    static final String STATE_FIELD = "state";

    private ActiveSchema() {}

    /** The id of the active schema's document in {@code _schemas}, whose number is {@code schemasNumber}. */
    static DocumentId documentId(int schemasNumber) {
        return new DocumentId(schemasNumber, SystemTables.ACTIVE_SCHEMA_ID);
    }

    /** The {@code _schemas} document for {@code schema}, without system fields. */
    static Value.Obj document(Schema schema) {
        return Value.Obj.of(Map.of(
                SCHEMA_FIELD, new Value.Str(schema.toJson()),
                STATE_FIELD, new Value.Str(SystemTables.STATE_ACTIVE)));
    }

    /** The schema of a stored {@code _schemas} document, empty unless its state is active. */
    static Optional<Schema> parse(Value.Obj doc) {
        if (!(doc.fields().get(STATE_FIELD) instanceof Value.Str(String state))
                || !state.equals(SystemTables.STATE_ACTIVE)) {
            return Optional.empty();
        }
        return Optional.of(Schema.parse(StoredDocuments.string(doc, SCHEMA_FIELD)));
    }

    /** Records the read that makes a write depend on the active schema (see the class notes). */
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
        DocumentId id = documentId(schemas.get().number());
        reads.addPoint(
                byId.get().id(),
                new IndexKey(IndexKeyEncoder.encode(List.of(Optional.of(new Value.Str(id.encode()))), id)));
    }

    /**
     * Checks the stored document {@code doc} of user table {@code table} against the catalog's active
     * schema.
     *
     * @throws ValidationException code {@link ValidationException#SCHEMA_ENFORCEMENT}, naming the
     *     table, the document id, the field path, the expected validator and the value found
     */
    static void check(Catalog catalog, String table, DocumentId id, Value.Obj doc) {
        Optional<Schema> schema = catalog.schema();
        if (schema.isEmpty()) {
            return;
        }
        // hidden tables count: an import validates documents that refer to tables it fills alongside
        TableResolver resolver = number -> catalog.anyTable(number)
                .filter(t -> t.state() != TableState.DELETING)
                .map(Catalog.Table::name);
        try {
            schema.get().checkWrite(table, doc, resolver);
        } catch (ValidationException e) {
            throw new ValidationException(
                    ValidationException.SCHEMA_ENFORCEMENT,
                    "Failed to insert or update the document with ID \"" + id.encode() + "\" in table \"" + table
                            + "\" because it does not match the schema: "
                            + e.error().message(),
                    e.error());
        }
    }
}
