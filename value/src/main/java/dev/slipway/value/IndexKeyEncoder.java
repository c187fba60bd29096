package dev.slipway.value;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The order-preserving byte encoding of index keys: for sequences {@code a}, {@code b} of
 * possibly-missing values, {@code Arrays.compareUnsigned(encode(a), encode(b))} has the sign of
 * {@link ValueOrder#SEQUENCES}{@code .compare(a, b)}.
 *
 * <p>Implementation notes. Every value is self-delimiting, FoundationDB-tuple style, so a sequence
 * is the concatenation of its values and a key that is a prefix of another sorts first:
 *
 * <pre>
 * 0x01 missing   0x03 null   0x08 Int64: 8 bytes big-endian, sign bit flipped
 * 0x0D Float64: 8 bytes big-endian of {@link ValueOrder#totalOrderBits} with the sign bit flipped
 * 0x0E false   0x0F true
 * 0x10 string: UTF-8 bytes, 0x00 escaped as 0x00 0xFF, then 0x00
 * 0x11 bytes: as string
 * 0x12 array: elements, then 0x00
 * 0x15 object: per field (in key order) the key as a 0x10 string then the value; then 0x00
 * </pre>
 *
 * The terminator 0x00 is below every tag, so shorter arrays, strings and objects sort first; an
 * escaped 0x00 (0x00 0xFF) sorts above a terminator followed by anything. Unlike the Rust backend,
 * object keys carry the string tag, which keeps the empty key {@code ""} apart from the terminator.
 * Keys with a document id end in a fixed 20 bytes: the table number (4 bytes big-endian) and the
 * internal id, which makes keys unique and, within one table, orders equal values by internal id
 * (= by {@code _id} string).
 */
public final class IndexKeyEncoder {
    /** Length of the document-id suffix of {@link #encode(List, DocumentId)}. */
    public static final int ID_SUFFIX_LENGTH = 4 + InternalId.LENGTH;

    static final byte TERMINATOR = 0x00;
    static final byte ESCAPE = (byte) 0xFF;
    static final byte MISSING = 0x01;
    static final byte NULL = 0x03;
    static final byte INT64 = 0x08;
    static final byte FLOAT64 = 0x0D;
    static final byte FALSE = 0x0E;
    static final byte TRUE = 0x0F;
    static final byte STRING = 0x10;
    static final byte BYTES = 0x11;
    static final byte ARRAY = 0x12;
    static final byte OBJECT = 0x15;

    private byte[] buffer = new byte[64];
    private int size;

    private IndexKeyEncoder() {}

    /** A decoded index-entry key: its values and its document id. */
    public record Decoded(List<Optional<Value>> values, DocumentId id) {
        public Decoded {
            values = List.copyOf(values);
        }
    }

    /** The key bytes of {@code values} (no document id): use for range bounds and prefixes. */
    public static byte[] encode(List<Optional<Value>> values) {
        IndexKeyEncoder encoder = new IndexKeyEncoder();
        for (Optional<Value> value : values) {
            encoder.writeOptional(value);
        }
        return encoder.toByteArray();
    }

    /** The key bytes of {@code values} followed by the document id: the unique key of an index entry. */
    public static byte[] encode(List<Optional<Value>> values, DocumentId id) {
        IndexKeyEncoder encoder = new IndexKeyEncoder();
        for (Optional<Value> value : values) {
            encoder.writeOptional(value);
        }
        encoder.ensure(ID_SUFFIX_LENGTH);
        ByteBuffer.wrap(encoder.buffer, encoder.size, ID_SUFFIX_LENGTH)
                .putInt(id.tableNumber())
                .put(id.internalId().bytes());
        encoder.size += ID_SUFFIX_LENGTH;
        return encoder.toByteArray();
    }

    /**
     * The exclusive upper bound of the keys (with or without document id) whose values start with
     * the sequence encoded as {@code encodedPrefix}; {@code encodedPrefix} itself is the inclusive
     * lower bound. It is {@code encodedPrefix ‖ 0xFF}: after a complete value comes a tag (at most
     * 0x15) or the id suffix (its first byte is at most 0x7F), while the byte-level continuation
     * {@code 0x00 0xFF} of a string or bytes (an escaped zero: {@code "ab"} vs {@code "ab\0"}) must
     * stay outside. So a plain byte-prefix successor would be wrong. Use this bound as the inclusive
     * lower bound to skip past all keys with that prefix ({@code > v} ranges).
     */
    public static byte[] prefixUpperBound(byte[] encodedPrefix) {
        byte[] bound = Arrays.copyOf(encodedPrefix, encodedPrefix.length + 1);
        bound[encodedPrefix.length] = ESCAPE;
        return bound;
    }

    /**
     * Decodes a key made by {@link #encode(List)}.
     *
     * @throws InvalidValueException when the bytes are not such a key
     */
    public static List<Optional<Value>> decode(byte[] key) {
        return new IndexKeyDecoder(key, key.length).readAll();
    }

    /**
     * Decodes a key made by {@link #encode(List, DocumentId)}.
     *
     * @throws InvalidValueException when the bytes are not such a key
     */
    public static Decoded decodeWithId(byte[] key) {
        if (key.length < ID_SUFFIX_LENGTH) {
            throw new InvalidValueException("", "index key of " + key.length + " bytes is too short for a document id");
        }
        int end = key.length - ID_SUFFIX_LENGTH;
        List<Optional<Value>> values = new IndexKeyDecoder(key, end).readAll();
        ByteBuffer suffix = ByteBuffer.wrap(key, end, ID_SUFFIX_LENGTH);
        int table = suffix.getInt();
        byte[] internal = new byte[InternalId.LENGTH];
        suffix.get(internal);
        if (table <= 0) {
            throw new InvalidValueException("", "index key has invalid table number " + table);
        }
        return new Decoded(values, new DocumentId(table, new InternalId(internal)));
    }

    private void writeOptional(Optional<Value> value) {
        if (value.isPresent()) {
            write(value.get());
        } else {
            put(MISSING);
        }
    }

    private void write(Value value) {
        switch (value) {
            case Value.Null ignored -> put(NULL);
            case Value.Int64(long n) -> putTagged(INT64, n ^ Long.MIN_VALUE);
            case Value.Float64(double d) -> putTagged(FLOAT64, ValueOrder.totalOrderBits(d) ^ Long.MIN_VALUE);
            case Value.Bool(boolean b) -> put(b ? TRUE : FALSE);
            case Value.Str(String s) -> putEscaped(STRING, s.getBytes(StandardCharsets.UTF_8));
            case Value.Bytes bytes -> putEscaped(BYTES, bytes.unsharedBytes());
            case Value.Array(List<Value> elements) -> {
                put(ARRAY);
                for (Value element : elements) {
                    write(element);
                }
                put(TERMINATOR);
            }
            case Value.Obj(SortedMap<String, Value> fields) -> {
                put(OBJECT);
                for (Map.Entry<String, Value> field : fields.entrySet()) {
                    putEscaped(STRING, field.getKey().getBytes(StandardCharsets.US_ASCII));
                    write(field.getValue());
                }
                put(TERMINATOR);
            }
        }
    }

    private void putTagged(byte tag, long bits) {
        ensure(9);
        buffer[size++] = tag;
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (bits >>> shift);
        }
    }

    private void putEscaped(byte tag, byte[] bytes) {
        int zeros = 0;
        for (byte b : bytes) {
            zeros += b == TERMINATOR ? 1 : 0;
        }
        ensure(bytes.length + zeros + 2);
        buffer[size++] = tag;
        for (byte b : bytes) {
            buffer[size++] = b;
            if (b == TERMINATOR) {
                buffer[size++] = ESCAPE;
            }
        }
        buffer[size++] = TERMINATOR;
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Reads values back from key bytes; one per decode. */
    private static final class IndexKeyDecoder {
        private final byte[] key;
        private final int end;
        private int position;

        IndexKeyDecoder(byte[] key, int end) {
            this.key = key;
            this.end = end;
        }

        List<Optional<Value>> readAll() {
            List<Optional<Value>> values = new ArrayList<>();
            while (position < end) {
                if (key[position] == MISSING) {
                    position++;
                    values.add(Optional.empty());
                } else {
                    values.add(Optional.of(read()));
                }
            }
            return values;
        }

        private Value read() {
            byte tag = next();
            return switch (tag) {
                case NULL -> Value.Null.INSTANCE;
                case INT64 -> new Value.Int64(readLong() ^ Long.MIN_VALUE);
                case FLOAT64 -> new Value.Float64(fromTotalOrderBits(readLong() ^ Long.MIN_VALUE));
                case FALSE -> new Value.Bool(false);
                case TRUE -> new Value.Bool(true);
                case STRING -> new Value.Str(new String(readEscaped(), StandardCharsets.UTF_8));
                case BYTES -> new Value.Bytes(readEscaped());
                case ARRAY -> readArray();
                case OBJECT -> readObject();
                default -> throw corrupt("unknown tag 0x" + Integer.toHexString(tag & 0xFF));
            };
        }

        private Value readArray() {
            List<Value> elements = new ArrayList<>();
            while (peek() != TERMINATOR) {
                elements.add(read());
            }
            position++;
            return new Value.Array(elements);
        }

        private Value readObject() {
            TreeMap<String, Value> fields = new TreeMap<>();
            while (peek() != TERMINATOR) {
                if (next() != STRING) {
                    throw corrupt("object key without string tag");
                }
                String name = new String(readEscaped(), StandardCharsets.US_ASCII);
                fields.put(name, read());
            }
            position++;
            return new Value.Obj(fields);
        }

        private byte[] readEscaped() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                byte b = next();
                if (b != TERMINATOR) {
                    out.write(b);
                } else if (position < end && key[position] == ESCAPE) {
                    position++;
                    out.write(0);
                } else {
                    return out.toByteArray();
                }
            }
        }

        private long readLong() {
            if (end - position < 8) {
                throw corrupt("truncated number");
            }
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (key[position++] & 0xFF);
            }
            return bits;
        }

        private byte peek() {
            if (position >= end) {
                throw corrupt("unexpected end");
            }
            return key[position];
        }

        private byte next() {
            byte b = peek();
            position++;
            return b;
        }

        private InvalidValueException corrupt(String what) {
            return new InvalidValueException("", "malformed index key at byte " + position + ": " + what);
        }
    }

    private static double fromTotalOrderBits(long ordered) {
        return Double.longBitsToDouble(ordered ^ ((ordered >> 63) >>> 1));
    }
}
