package dev.slipway.database;

import dev.slipway.value.CreationTime;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Documents;
import dev.slipway.value.Value;
import java.util.TreeMap;

/** Reading and building documents as stored: with {@code _id} and {@code _creationTime}. */
final class StoredDocuments {
    private StoredDocuments() {}

    /** {@code value} with the system fields set. */
    static Value.Obj withSystemFields(Value.Obj value, DocumentId id, Value creationTime) {
        TreeMap<String, Value> fields = new TreeMap<>(value.fields());
        fields.put(Documents.ID_FIELD, new Value.Str(id.encode()));
        fields.put(Documents.CREATION_TIME_FIELD, creationTime);
        return Value.Obj.of(fields);
    }

    /** {@code value} with the system fields set. */
    static Value.Obj withSystemFields(Value.Obj value, DocumentId id, CreationTime creationTime) {
        return withSystemFields(value, id, creationTime.toValue());
    }

    /** The id in a stored document's {@code _id}. */
    static DocumentId id(Value.Obj doc) {
        String encoded = string(doc, Documents.ID_FIELD);
        return DocumentId.decode(encoded)
                .orElseThrow(() -> new IllegalStateException("stored document has an invalid _id " + encoded));
    }

    static String string(Value.Obj doc, String field) {
        if (doc.fields().get(field) instanceof Value.Str(String s)) {
            return s;
        }
        throw new IllegalStateException("stored system document lacks string field " + field + ": " + doc);
    }

    static long int64(Value.Obj doc, String field) {
        return switch (doc.fields().get(field)) {
            case Value.Int64(long n) -> n;
            case Value.Float64(double d) when d == Math.rint(d) -> (long) d;
            case null, default ->
                throw new IllegalStateException("stored system document lacks number field " + field + ": " + doc);
        };
    }
}
