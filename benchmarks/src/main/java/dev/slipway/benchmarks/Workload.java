package dev.slipway.benchmarks;

import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The documents the benchmarks write: a chat message of about 100 bytes in table 10001, indexed by
 * one index whose key is the document's sequence number (big-endian, so key order is insertion order).
 */
final class Workload {
    static final int TABLE = 10001;
    static final IndexId INDEX = new IndexId(new InternalId(new byte[16]));

    private Workload() {}

    static DocumentId id(long n) {
        return new DocumentId(
                TABLE, new InternalId(ByteBuffer.allocate(16).putLong(8, n).array()));
    }

    static IndexKey key(long n) {
        return new IndexKey(ByteBuffer.allocate(9).put((byte) 0x05).putLong(n).array());
    }

    static Value.Obj document(long n) {
        TreeMap<String, Value> fields = new TreeMap<>();
        fields.put("author", new Value.Str("user-" + (n % 97)));
        fields.put("body", new Value.Str("message number " + n + ", which says something short"));
        fields.put("channel", new Value.Str("general"));
        fields.put("likes", new Value.Float64(n % 13));
        return new Value.Obj(fields);
    }

    static DocumentLogEntry revision(long n, Timestamp ts) {
        return DocumentLogEntry.live(id(n), ts, document(n), Optional.empty());
    }

    static IndexEntry indexEntry(long n, Timestamp ts) {
        return new IndexEntry(INDEX, key(n), ts, id(n), false);
    }
}
