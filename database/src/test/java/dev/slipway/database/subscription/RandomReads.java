package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random read sets and commits over a few indexes and a small alphabet of bytes (with 0x00 and 0xFF),
 * so that equal keys, shared prefixes, touching intervals and unbounded ends are frequent; plus the
 * raw intervals behind each read set, for brute-force checks.
 */
final class RandomReads {
    private static final int LONG_PREFIX = 7;
    private static final byte[] ALPHABET = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};

    /** One raw interval read: what the builder was told, before normalization. */
    record Read(IndexId index, KeyRange range) {}

    /** A read set and the raw reads it was built from. */
    record Reads(ReadSet readSet, List<Read> raw) {
        boolean contains(IndexId index, IndexKey key) {
            for (Read read : raw) {
                if (read.index.equals(index) && read.range.contains(key)) {
                    return true;
                }
            }
            return false;
        }

        boolean touchedBy(CommitKeys keys) {
            for (IndexId index : keys.indexes()) {
                for (IndexKey key : keys.keys(index)) {
                    if (contains(index, key)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private final SplittableRandom random;
    private final List<IndexId> indexes;

    RandomReads(SplittableRandom random, int indexCount) {
        this.random = random;
        List<IndexId> ids = new ArrayList<>();
        for (int i = 0; i < indexCount; i++) {
            ids.add(TestKeys.index(i + 1));
        }
        this.indexes = List.copyOf(ids);
    }

    IndexId index() {
        return indexes.get(random.nextInt(indexes.size()));
    }

    /**
     * A key of 0 to 3 bytes of the alphabet, or, one time in four, of 7 to 10 bytes sharing a 7-byte
     * prefix, so that keys straddle the 8 bytes the interval treap compares as a {@code long}.
     */
    IndexKey key() {
        boolean longKey = random.nextInt(4) == 0;
        int shared = longKey ? LONG_PREFIX : 0;
        byte[] bytes = new byte[shared + random.nextInt(4)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = i < shared ? 0x01 : ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new IndexKey(bytes);
    }

    /**
     * Every key of up to two bytes of the alphabet, alone and after the shared long-key prefix, for
     * exhaustive membership checks.
     */
    static List<IndexKey> smallUniverse() {
        List<IndexKey> keys = new ArrayList<>();
        for (int shared : new int[] {0, LONG_PREFIX}) {
            byte[] prefix = new byte[shared];
            Arrays.fill(prefix, (byte) 0x01);
            keys.add(new IndexKey(prefix));
            for (byte a : ALPHABET) {
                keys.add(append(prefix, a));
                for (byte b : ALPHABET) {
                    keys.add(append(prefix, a, b));
                }
            }
        }
        return keys;
    }

    private static IndexKey append(byte[] prefix, byte... more) {
        byte[] bytes = Arrays.copyOf(prefix, prefix.length + more.length);
        System.arraycopy(more, 0, bytes, prefix.length, more.length);
        return new IndexKey(bytes);
    }

    KeyRange range() {
        IndexKey a = key();
        int kind = random.nextInt(10);
        return switch (kind) {
            case 0 -> KeyRange.of(a, a); // empty
            case 1, 2 -> new KeyRange(a, Optional.empty());
            case 3 -> KeyRange.of(a, a.successor());
            case 4 -> KeyRange.prefix(a);
            default -> {
                IndexKey b = key();
                yield a.compareTo(b) <= 0 ? KeyRange.of(a, b) : KeyRange.of(b, a);
            }
        };
    }

    Reads reads(int maxReads) {
        ReadSet.Builder builder = ReadSet.builder();
        List<Read> raw = new ArrayList<>();
        int n = random.nextInt(maxReads + 1);
        for (int i = 0; i < n; i++) {
            IndexId index = index();
            if (random.nextInt(3) == 0) {
                IndexKey key = key();
                builder.addPoint(index, key);
                raw.add(new Read(index, KeyRange.of(key, key.successor())));
            } else {
                KeyRange range = range();
                builder.addRange(index, range);
                raw.add(new Read(index, range));
            }
        }
        return new Reads(builder.build(), List.copyOf(raw));
    }

    CommitKeys commit(int maxKeys) {
        CommitKeys.Builder builder = CommitKeys.builder();
        int n = 1 + random.nextInt(maxKeys);
        for (int i = 0; i < n; i++) {
            builder.add(index(), key());
        }
        return builder.build();
    }
}
