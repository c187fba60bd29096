package dev.slipway.persistence.postgres;

import dev.slipway.persistence.IndexKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An index key as stored: PostgreSQL's B-tree cannot hold an entry much larger than 2.7 kB, and an
 * index key can be as large as an indexed field (up to 1 MiB). So the table keeps {@code
 * key_prefix} (the first {@value #PREFIX_LENGTH} bytes), {@code key_suffix} (the rest, or {@code
 * NULL}) and {@code key_sha256} (SHA-256 of the whole key when there is a suffix, empty otherwise),
 * and only prefix and hash are in the B-tree.
 *
 * <p>Ordering. {@code (key_prefix, key_sha256)} sorts exactly as the keys do, except among long
 * keys that share one prefix (a "run"): those sort by hash, and a reader puts them back in key
 * order (see {@link IndexScan}). A short key equal to a run's prefix sorts before the run, as its
 * hash is empty, which is right because it is a proper prefix of each of them.
 */
final class SplitKey {
    /** Bytes of a key kept in the B-tree. */
    static final int PREFIX_LENGTH = 2500;

    private static final byte[] NO_HASH = new byte[0];

    /**
     * A prefix greater than every stored prefix (they have at most {@link #PREFIX_LENGTH} bytes): the
     * upper bound of a scan with no end.
     */
    private static final byte[] ABOVE_ALL;

    static {
        ABOVE_ALL = new byte[PREFIX_LENGTH + 1];
        Arrays.fill(ABOVE_ALL, (byte) 0xFF);
    }

    private final byte[] prefix;
    private final byte[] hash;
    private final byte @Nullable [] suffix;

    private SplitKey(byte[] prefix, byte[] hash, byte @Nullable [] suffix) {
        this.prefix = prefix;
        this.hash = hash;
        this.suffix = suffix;
    }

    static SplitKey of(IndexKey key) {
        byte[] bytes = key.bytes();
        if (bytes.length <= PREFIX_LENGTH) {
            return new SplitKey(bytes, NO_HASH, null);
        }
        return new SplitKey(
                Arrays.copyOf(bytes, PREFIX_LENGTH),
                sha256(bytes),
                Arrays.copyOfRange(bytes, PREFIX_LENGTH, bytes.length));
    }

    /** The key of stored columns {@code key_prefix} and {@code key_suffix}. */
    static IndexKey join(byte[] prefix, byte @Nullable [] suffix) {
        if (suffix == null) {
            return new IndexKey(prefix);
        }
        byte[] whole = Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, whole, prefix.length, suffix.length);
        return new IndexKey(whole);
    }

    byte[] prefix() {
        return prefix;
    }

    byte[] hash() {
        return hash;
    }

    byte @Nullable [] suffix() {
        return suffix;
    }

    /**
     * The smallest stored {@code (key_prefix, key_sha256)} a key at or after {@code start} can have:
     * {@code (prefix(start), empty)}.
     */
    static byte[] lowerPrefix(IndexKey start) {
        byte[] bytes = start.bytes();
        return bytes.length <= PREFIX_LENGTH ? bytes : Arrays.copyOf(bytes, PREFIX_LENGTH);
    }

    /**
     * An exclusive upper bound {@code (prefix, empty)} on the stored {@code (key_prefix,
     * key_sha256)} of keys before {@code end}: exact for a short end; for a long end, the first
     * prefix after its own (the keys of its run that are not before it are filtered out by the
     * reader); for no end, a prefix above all.
     */
    static byte[] upperPrefix(Optional<IndexKey> end) {
        if (end.isEmpty()) {
            return ABOVE_ALL.clone();
        }
        byte[] bytes = end.get().bytes();
        // prefix(end) followed by 0x00: the smallest byte string after prefix(end).
        return bytes.length <= PREFIX_LENGTH ? bytes : Arrays.copyOf(lowerPrefix(end.get()), PREFIX_LENGTH + 1);
    }

    /** The smallest hash after {@code hash}: to continue an ascending scan after a stored key. */
    static byte[] hashSuccessor(byte[] hash) {
        return Arrays.copyOf(hash, hash.length + 1);
    }

    static byte[] noHash() {
        return NO_HASH.clone();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
