package dev.slipway.persistence.postgres;

import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.SlipwayException;
import dev.slipway.value.Value;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How document revisions are stored: the value as the UTF-8 bytes of its Convex-JSON text ({@code
 * bytea}, so that neither the database's encoding nor {@code jsonb}'s key order can change it),
 * {@code NULL} for a tombstone; ids as table number and the 16 internal-id bytes. Reads a revision
 * back from the columns {@code table_id, id, ts, value, prev_ts} of a result set.
 */
final class StoredDocuments {
    private StoredDocuments() {}

    static byte[] encode(Value.Obj value) {
        return ConvexJson.encode(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Binds {@code table_id, id, ts, value, deleted, prev_ts} from parameter {@code first} on. */
    static void bind(PreparedStatement statement, int first, DocumentLogEntry doc) throws SQLException {
        statement.setInt(first, doc.id().tableNumber());
        statement.setBytes(first + 1, doc.id().internalId().bytes());
        statement.setLong(first + 2, doc.ts().nanos());
        if (doc.value().isPresent()) {
            statement.setBytes(first + 3, encode(doc.value().get()));
        } else {
            statement.setNull(first + 3, Types.BINARY);
        }
        statement.setBoolean(first + 4, doc.deleted());
        if (doc.prevTs().isPresent()) {
            statement.setLong(first + 5, doc.prevTs().get().nanos());
        } else {
            statement.setNull(first + 5, Types.BIGINT);
        }
    }

    /**
     * The revision in columns {@code first .. first + 4} ({@code table_id, id, ts, value, prev_ts})
     * of the current row.
     */
    static DocumentLogEntry read(ResultSet row, int first, String store) throws SQLException {
        DocumentId id = new DocumentId(row.getInt(first), new InternalId(row.getBytes(first + 1)));
        Timestamp ts = Timestamp.of(row.getLong(first + 2));
        byte @Nullable [] value = row.getBytes(first + 3);
        long prev = row.getLong(first + 4);
        Optional<Timestamp> prevTs = row.wasNull() ? Optional.empty() : Optional.of(Timestamp.of(prev));
        return new DocumentLogEntry(
                id, ts, value == null ? Optional.empty() : Optional.of(decode(value, id, ts, store)), prevTs);
    }

    private static Value.Obj decode(byte[] stored, DocumentId id, Timestamp ts, String store) {
        Value value;
        try {
            value = ConvexJson.decode(new String(stored, StandardCharsets.UTF_8));
        } catch (SlipwayException e) {
            throw PostgresErrors.corrupt(store, "the revision of " + id + " at " + ts + " cannot be read", e);
        }
        if (value instanceof Value.Obj obj) {
            return obj;
        }
        throw PostgresErrors.corrupt(store, "the revision of " + id + " at " + ts + " is not an object");
    }
}
