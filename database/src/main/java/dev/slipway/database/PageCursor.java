package dev.slipway.database;

import dev.slipway.database.query.QueryPlan;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Order;
import dev.slipway.value.SlipwayException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A pagination cursor: a position in the key space of one query's index, between pages.
 *
 * <p>Format (opaque to clients, stable across restarts): base64url without padding of {@code
 * version(1 byte = 1) | fingerprint(8 bytes) | kind(1 byte) | key bytes}. The fingerprint is the first
 * 8 bytes of SHA-256 over the index's table and name, the scan order and the plan's key range, so a
 * cursor of another query (other index, order or range) is rejected; filters are not part of it. Kind
 * 0 is "after key": the page ends at the key (inclusive) and the next starts right after it, in scan
 * order; kind 1 is the end of the range (the cursor of a done query), with no key bytes. A cursor
 * names a key position, not a row number, so it stays valid across writes. It is not encrypted: it
 * reveals the index key (indexed values and id) of the document it ends at.
 *
 * @param key the last key of the page in scan order, or empty for the end of the range
 */
record PageCursor(Optional<IndexKey> key) {
    /** Error code of a malformed cursor or a cursor of another query. */
    static final String INVALID_CURSOR = "InvalidCursor";

    private static final byte VERSION = 1;
    private static final byte AFTER_KEY = 0;
    private static final byte END = 1;
    private static final int HEADER = 10;

    static PageCursor end() {
        return new PageCursor(Optional.empty());
    }

    static PageCursor after(IndexKey key) {
        return new PageCursor(Optional.of(key));
    }

    boolean isEnd() {
        return key.isEmpty();
    }

    String encode(QueryPlan plan) {
        byte[] keyBytes = key.map(IndexKey::bytes).orElse(new byte[0]);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + keyBytes.length);
        buf.put(VERSION)
                .put(fingerprint(plan))
                .put(key.isPresent() ? AFTER_KEY : END)
                .put(keyBytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** @throws SlipwayException ({@value #INVALID_CURSOR}) when malformed or of another query */
    static PageCursor decode(String cursor, QueryPlan plan) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid pagination cursor \"" + cursor + "\": not a cursor returned by paginate()");
        }
        if (bytes.length < HEADER || bytes[0] != VERSION || (bytes[9] != AFTER_KEY && bytes[9] != END)) {
            throw invalid("Invalid pagination cursor \"" + cursor + "\": not a cursor returned by paginate()");
        }
        if (!Arrays.equals(Arrays.copyOfRange(bytes, 1, 9), fingerprint(plan))) {
            throw invalid("Tried to run a query starting from a cursor, but it looks like this cursor is from a"
                    + " different query (index " + plan.index().table() + "."
                    + plan.index().name() + ", order "
                    + plan.order() + ").");
        }
        if (bytes[9] == END) {
            if (bytes.length != HEADER) {
                throw invalid("Invalid pagination cursor \"" + cursor + "\": trailing bytes after the end marker");
            }
            return end();
        }
        return after(new IndexKey(Arrays.copyOfRange(bytes, HEADER, bytes.length)));
    }

    private static SlipwayException invalid(String message) {
        return new SlipwayException(INVALID_CURSOR, message);
    }

    private static byte[] fingerprint(QueryPlan plan) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(raw);
            writeBytes(out, plan.index().table().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, plan.index().name().getBytes(StandardCharsets.UTF_8));
            out.writeByte(plan.order() == Order.ASC ? 0 : 1);
            writeBytes(out, plan.range().start().bytes());
            out.writeBoolean(plan.range().end().isPresent());
            writeBytes(out, plan.range().end().map(IndexKey::bytes).orElse(new byte[0]));
            out.flush();
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(raw.toByteArray()), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
