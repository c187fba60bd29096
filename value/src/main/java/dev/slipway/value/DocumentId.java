package dev.slipway.value;

import java.util.Arrays;
import java.util.Optional;

/**
 * A document's identity: the number of its table and its internal id. Its string form is the
 * Convex "ID v6" encoding ({@link #encode()}, {@link #decode(String)}; §2.1 of the interface
 * reference).
 *
 * <p>Table numbers are positive {@code int}s here; the format allows up to 2³²−1, and strings that
 * carry a table number of 2³¹ or more decode as "not an ID".
 */
public record DocumentId(int tableNumber, InternalId internalId) implements Comparable<DocumentId> {

    public DocumentId {
        if (tableNumber <= 0) {
            throw new IllegalArgumentException("a table number is positive, got " + tableNumber);
        }
    }

    /**
     * The ID v6 string: base32 (Crockford alphabet, lowercase, no padding) of {@code
     * VInt(tableNumber) ‖ internalId ‖ footer}, 31 to 37 characters.
     */
    public String encode() {
        return IdV6.encode(this);
    }

    /**
     * Decodes an ID v6 string strictly: valid length and alphabet, a positive table number in
     * canonical VInt form, a matching footer, all bytes consumed, and the string is exactly what
     * {@link #encode()} gives (canonical). Never throws for bad input.
     *
     * @return the id, or empty when {@code id} is not an ID v6 string
     */
    public static Optional<DocumentId> decode(String id) {
        return IdV6.decode(id);
    }

    @Override
    public int compareTo(DocumentId other) {
        int byTable = Integer.compare(tableNumber, other.tableNumber);
        return byTable != 0 ? byTable : internalId.compareTo(other.internalId);
    }

    @Override
    public String toString() {
        return encode();
    }

    /** The ID v6 codec. */
    static final class IdV6 {
        private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
        private static final byte[] VALUES = new byte[128];
        private static final int VERSION = 0;
        private static final int FOOTER_LENGTH = 2;
        private static final int MIN_LENGTH = 31;
        private static final int MAX_LENGTH = 37;

        static {
            Arrays.fill(VALUES, (byte) -1);
            for (int i = 0; i < ALPHABET.length; i++) {
                VALUES[ALPHABET[i]] = (byte) i;
            }
        }

        private IdV6() {}

        static String encode(DocumentId id) {
            byte[] vint = vint(id.tableNumber());
            byte[] bytes = new byte[vint.length + InternalId.LENGTH + FOOTER_LENGTH];
            System.arraycopy(vint, 0, bytes, 0, vint.length);
            System.arraycopy(id.internalId().bytes(), 0, bytes, vint.length, InternalId.LENGTH);
            int footer = fletcher16(bytes, bytes.length - FOOTER_LENGTH) ^ VERSION;
            bytes[bytes.length - 2] = (byte) footer;
            bytes[bytes.length - 1] = (byte) (footer >>> 8);
            return base32(bytes);
        }

        static Optional<DocumentId> decode(String id) {
            if (id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
                return Optional.empty();
            }
            Optional<byte[]> decoded = unbase32(id);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = decoded.get();
            long table = 0;
            int i = 0;
            for (int shift = 0; ; shift += 7) {
                if (i >= 5 || i >= bytes.length) {
                    return Optional.empty();
                }
                int b = bytes[i++] & 0xFF;
                table |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (table <= 0 || table > Integer.MAX_VALUE || bytes.length != i + InternalId.LENGTH + FOOTER_LENGTH) {
                return Optional.empty();
            }
            int footer = (bytes[bytes.length - 2] & 0xFF) | (bytes[bytes.length - 1] & 0xFF) << 8;
            if ((footer ^ VERSION) != fletcher16(bytes, bytes.length - FOOTER_LENGTH)) {
                return Optional.empty();
            }
            DocumentId result =
                    new DocumentId((int) table, new InternalId(Arrays.copyOfRange(bytes, i, i + InternalId.LENGTH)));
            return result.encode().equals(id) ? Optional.of(result) : Optional.empty();
        }

        static byte[] vint(int value) {
            byte[] out = new byte[5];
            int n = 0;
            long rest = Integer.toUnsignedLong(value);
            do {
                int low = (int) (rest & 0x7F);
                rest >>>= 7;
                out[n++] = (byte) (rest != 0 ? low | 0x80 : low);
            } while (rest != 0);
            return Arrays.copyOf(out, n);
        }

        /** Fletcher-16 with sums mod 256: {@code (c1 << 8) | c0}. */
        static int fletcher16(byte[] bytes, int length) {
            int c0 = 0;
            int c1 = 0;
            for (int i = 0; i < length; i++) {
                c0 = (c0 + (bytes[i] & 0xFF)) & 0xFF;
                c1 = (c1 + c0) & 0xFF;
            }
            return (c1 << 8) | c0;
        }

        /** MSB-first base32 without padding: 8 chars per 5 bytes, 2/4/5/7 chars for 1/2/3/4 trailing bytes. */
        static String base32(byte[] bytes) {
            StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
            int buffer = 0;
            int bits = 0;
            for (byte b : bytes) {
                buffer = (buffer << 8) | (b & 0xFF);
                bits += 8;
                while (bits >= 5) {
                    bits -= 5;
                    out.append(ALPHABET[(buffer >>> bits) & 0x1F]);
                }
            }
            if (bits > 0) {
                out.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
            }
            return out.toString();
        }

        /** Inverse of {@link #base32}; empty on a bad character or an impossible length. */
        static Optional<byte[]> unbase32(String s) {
            int remainder = s.length() % 8;
            if (remainder == 1 || remainder == 3 || remainder == 6) {
                return Optional.empty();
            }
            byte[] out = new byte[s.length() * 5 / 8];
            int buffer = 0;
            int bits = 0;
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                int v = c < 128 ? VALUES[c] : -1;
                if (v < 0) {
                    return Optional.empty();
                }
                buffer = (buffer << 5) | v;
                bits += 5;
                if (bits >= 8) {
                    bits -= 8;
                    out[n++] = (byte) (buffer >>> bits);
                }
            }
            return Optional.of(out);
        }
    }
}
