package dev.slipway.database.query;

import dev.slipway.persistence.IndexKey;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Documents;
import dev.slipway.value.IndexKeyEncoder;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The index keys of documents: {@link IndexKeyEncoder#encode(List, DocumentId)} of the values of an
 * index's {@link IndexDefinition#effectiveFields()} (a missing field is {@code undefined}). The
 * {@code _id} field is part of the values (as the ID string) and the id also forms the fixed suffix;
 * the first makes range bounds on {@code _id} plain value comparisons, the second makes keys unique.
 * The key ranges of {@link QueryPlanner} are ranges over exactly these keys.
 */
public final class IndexKeys {
    private IndexKeys() {}

    /**
     * The key of {@code document} in {@code index}.
     *
     * @param document the document as stored, with its system fields
     * @param id the document's id, which its {@code _id} field must hold
     * @throws IllegalArgumentException when {@code _id} is missing or is not {@code id}
     */
    public static IndexKey of(IndexDefinition index, Value.Obj document, DocumentId id) {
        Value storedId = document.fields().get(Documents.ID_FIELD);
        if (!(storedId instanceof Value.Str(String idString)) || !idString.equals(id.encode())) {
            throw new IllegalArgumentException(
                    "document's _id " + storedId + " is not its id " + id + " (index keys need stored documents)");
        }
        return new IndexKey(IndexKeyEncoder.encode(values(index, document), id));
    }

    /** The values of {@code index}'s effective fields in {@code document}, empty where missing. */
    public static List<Optional<Value>> values(IndexDefinition index, Value.Obj document) {
        List<FieldPath> fields = index.effectiveFields();
        List<Optional<Value>> values = new ArrayList<>(fields.size());
        for (FieldPath field : fields) {
            values.add(field.extract(document));
        }
        return values;
    }
}
