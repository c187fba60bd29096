package dev.slipway.persistence;

import dev.slipway.value.DocumentId;
import dev.slipway.value.InternalId;
import dev.slipway.value.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builders for the contract kit's documents and index keys. Every test table has two indexes: {@link
 * #BY_A} on the document's int64 field {@code a} and {@link #BY_B} on its string field {@code b}.
 * Index keys are raw bytes (an index tag, the value's bytes, then the 16 id bytes), not the value
 * module's encoding, so the kit depends on nothing but the SPI.
 */
public final class ContractFixture {
    /** Index number of the index on field {@code a}. */
    public static final int BY_A = 0;
    /** Index number of the index on field {@code b}. */
    public static final int BY_B = 1;
    /** Both index numbers of every test table. */
    public static final List<Integer> INDEXES = List.of(BY_A, BY_B);

    private static final byte TAG_A = 0x0A;
    private static final byte TAG_B = 0x0B;

    /** More pages than any loop of the kit needs: a store that never finishes fails instead of hanging. */
    static final int MAX_PAGES = 20_000;

    private ContractFixture() {}

    /** Counts one more page of {@code what}; fails after {@link #MAX_PAGES}. */
    static int nextPage(int pages, Object what) {
        if (pages >= MAX_PAGES) {
            throw new AssertionError("more than " + MAX_PAGES + " pages of " + what + ": the store never finishes");
        }
        return pages + 1;
    }

    public static Timestamp ts(long nanos) {
        return Timestamp.of(nanos);
    }

    /**
     * Document {@code n} of table {@code table}. The internal id's first bytes scramble {@code n}, so
     * id order differs from {@code n} order and half the ids start with a byte above 0x7F (catching
     * signed byte comparisons).
     */
    public static DocumentId docId(int table, long n) {
        long scrambled = (n + 1) * 0x9E3779B97F4A7C15L;
        byte[] bytes = ByteBuffer.allocate(InternalId.LENGTH)
                .putLong(scrambled)
                .putLong(n)
                .array();
        return new DocumentId(table, new InternalId(bytes));
    }

    /** Index {@code index} ({@link #BY_A} or {@link #BY_B}) of table {@code table}. */
    public static IndexId indexId(int table, int index) {
        byte[] bytes = ByteBuffer.allocate(InternalId.LENGTH)
                .put((byte) 0xEE)
                .putInt(table)
                .putInt(index)
                .array();
        return new IndexId(new InternalId(bytes));
    }

    /** A document value: {@code {a: <a as int64>, b: <b>, pad: "…"}}. */
    public static Value.Obj value(long a, String b) {
        TreeMap<String, Value> fields = new TreeMap<>();
        fields.put("a", new Value.Int64(a));
        fields.put("b", new Value.Str(b));
        fields.put("note", new Value.Str("doc with a=" + a));
        return new Value.Obj(fields);
    }

    /** The key of {@code id} in index {@code index} when the document is {@code value(a, b)}. */
    public static IndexKey key(int index, long a, String b, DocumentId id) {
        byte[] prefix = index == BY_A ? prefixA(a) : prefixB(b, true);
        return new IndexKey(ByteBuffer.allocate(prefix.length + InternalId.LENGTH)
                .put(prefix)
                .put(id.internalId().bytes())
                .array());
    }

    /** The range of keys in index {@link #BY_A} whose value equals {@code a}. */
    public static KeyRange equalA(long a) {
        return KeyRange.prefix(new IndexKey(prefixA(a)));
    }

    /** The keys in index {@link #BY_A} with {@code from <= a < to}. */
    public static KeyRange rangeA(long from, long to) {
        return KeyRange.of(new IndexKey(prefixA(from)), new IndexKey(prefixA(to)));
    }

    /** The keys in index {@link #BY_B} whose string starts with {@code prefix}. */
    public static KeyRange prefixOfB(String prefix) {
        return KeyRange.prefix(new IndexKey(prefixB(prefix, false)));
    }

    /** A live revision with no previous one. */
    public static DocumentLogEntry inserted(DocumentId id, long ts, long a, String b) {
        return DocumentLogEntry.live(id, ts(ts), value(a, b), Optional.empty());
    }

    /** The field {@code a} of a live revision. */
    public static long a(DocumentLogEntry doc) {
        Value a = doc.value().orElseThrow().fields().get("a");
        if (!(a instanceof Value.Int64(long n))) {
            throw new AssertionError("document " + doc + " has no int64 field a");
        }
        return n;
    }

    private static byte[] prefixA(long a) {
        return ByteBuffer.allocate(9).put(TAG_A).putLong(a ^ Long.MIN_VALUE).array();
    }

    private static byte[] prefixB(String b, boolean terminated) {
        byte[] utf8 = b.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(utf8.length + 2).put(TAG_B).put(utf8);
        return terminated ? buffer.put((byte) 0).array() : java.util.Arrays.copyOf(buffer.array(), utf8.length + 1);
    }
}
