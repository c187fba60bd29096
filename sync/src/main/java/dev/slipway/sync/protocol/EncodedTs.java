package dev.slipway.sync.protocol;

import dev.slipway.persistence.Timestamp;
import java.util.Base64;

/**
 * Timestamps on the wire: the standard base64 (with padding) of the u64's 8 little-endian bytes,
 * which is what {@code convex/browser}'s {@code longToU64}/{@code u64ToLong} produce and read
 * ({@code Long.fromBytesLE}), and what the backend's {@code u64_to_string} writes. Zero is {@code
 * "AAAAAAAAAAA="}.
 */
public final class EncodedTs {
    private EncodedTs() {}

    /** The wire form of {@code ts}. */
    public static String encode(Timestamp ts) {
        long v = ts.nanos();
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (v >>> (8 * i));
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Reads a wire timestamp; padding may be omitted.
     *
     * @throws ProtocolException when the text is not base64 of exactly 8 bytes, or the u64 is above
     *     {@link Timestamp#MAX}
     */
    public static Timestamp decode(String encoded, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ProtocolException.invalid(field + " is not base64: \"" + encoded + "\"");
        }
        if (bytes.length != 8) {
            throw ProtocolException.invalid(
                    field + " must be the base64 of 8 bytes (a little-endian u64), got " + bytes.length + " bytes");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        if (v < 0) {
            throw ProtocolException.invalid(field + " " + Long.toUnsignedString(v) + " is above the largest timestamp");
        }
        return new Timestamp(v);
    }
}
