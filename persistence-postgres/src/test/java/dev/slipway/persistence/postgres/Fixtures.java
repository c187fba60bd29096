package dev.slipway.persistence.postgres;

import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Small builders for test data. */
final class Fixtures {
    private Fixtures() {}

    static final IndexId INDEX = index(1);

    static InternalId internal(long n) {
        return new InternalId(
                ByteBuffer.allocate(InternalId.LENGTH).putLong(8, n).array());
    }

    static DocumentId doc(long n) {
        return new DocumentId(10001, internal(n));
    }

    static IndexId index(long n) {
        return new IndexId(internal(1_000_000 + n));
    }

    static Timestamp ts(long nanos) {
        return Timestamp.of(nanos);
    }

    static Value.Obj obj(String field, Value value) {
        return new Value.Obj(new TreeMap<>(Map.of(field, value)));
    }

    static Value.Obj obj(long n) {
        return obj("n", new Value.Int64(n));
    }

    static DocumentLogEntry live(DocumentId id, long ts, Value.Obj value) {
        return DocumentLogEntry.live(id, ts(ts), value, Optional.empty());
    }

    static DocumentLogEntry live(DocumentId id, long ts, Value.Obj value, long prevTs) {
        return DocumentLogEntry.live(id, ts(ts), value, Optional.of(ts(prevTs)));
    }

    static IndexEntry entry(IndexId index, byte[] key, long ts, DocumentId doc) {
        return new IndexEntry(index, new IndexKey(key), ts(ts), doc, false);
    }

    static IndexEntry removed(IndexId index, byte[] key, long ts, DocumentId doc) {
        return new IndexEntry(index, new IndexKey(key), ts(ts), doc, true);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
