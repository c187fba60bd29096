package dev.slipway.persistence.sqlite;

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

/** Small builders for this module's tests: ids, documents and index entries on field {@code a}. */
final class TestData {
    private TestData() {}

    static Timestamp ts(long nanos) {
        return Timestamp.of(nanos);
    }

    /** Document {@code n} of {@code table}; the id bytes are scrambled so id order is not {@code n} order. */
    static DocumentId docId(int table, long n) {
        byte[] bytes = ByteBuffer.allocate(InternalId.LENGTH)
                .putLong((n + 1) * 0x9E3779B97F4A7C15L)
                .putLong(n)
                .array();
        return new DocumentId(table, new InternalId(bytes));
    }

    /** The one index of every test table, on field {@code a}. */
    static IndexId byA(int table) {
        byte[] bytes = ByteBuffer.allocate(InternalId.LENGTH)
                .put((byte) 0xEE)
                .putInt(table)
                .array();
        return new IndexId(new InternalId(bytes));
    }

    static Value.Obj value(long a) {
        TreeMap<String, Value> fields = new TreeMap<>();
        fields.put("a", new Value.Int64(a));
        fields.put("text", new Value.Str("ünïcödé " + a));
        fields.put("raw", new Value.Bytes(new byte[] {(byte) a, (byte) 0xFF}));
        fields.put("f", new Value.Float64(-0.0));
        return new Value.Obj(fields);
    }

    /** A revision of {@code id} with field {@code a}. */
    static DocumentLogEntry doc(DocumentId id, long ts, long a, Optional<Long> prevTs) {
        return DocumentLogEntry.live(id, ts(ts), value(a), prevTs.map(Timestamp::of));
    }

    /** A first revision of {@code id} with field {@code a}. */
    static DocumentLogEntry inserted(DocumentId id, long ts, long a) {
        return doc(id, ts, a, Optional.empty());
    }

    /** The key of {@code id} in {@link #byA}: {@code a} in sortable form, then the id bytes. */
    static IndexKey keyA(long a, DocumentId id) {
        return new IndexKey(ByteBuffer.allocate(8 + InternalId.LENGTH)
                .putLong(a ^ Long.MIN_VALUE)
                .put(id.internalId().bytes())
                .array());
    }

    /** The keys of {@link #byA} whose value is {@code a}. */
    static IndexKey prefixA(long a) {
        return new IndexKey(ByteBuffer.allocate(8).putLong(a ^ Long.MIN_VALUE).array());
    }

    static IndexEntry entry(DocumentId id, long ts, long a, boolean deleted) {
        return new IndexEntry(byA(id.tableNumber()), keyA(a, id), ts(ts), id, deleted);
    }
}
