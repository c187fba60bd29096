package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.KeyRange;
import dev.slipway.value.InternalId;
import java.util.Optional;

/** Short constructors for indexes, keys and ranges in tests. */
final class TestKeys {
    private TestKeys() {}

    static IndexId index(int n) {
        byte[] bytes = new byte[InternalId.LENGTH];
        bytes[0] = (byte) n;
        return new IndexId(new InternalId(bytes));
    }

    /** A key from unsigned byte values, e.g. {@code key(0x01, 0xFF)}. */
    static IndexKey key(int... unsignedBytes) {
        byte[] bytes = new byte[unsignedBytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) unsignedBytes[i];
        }
        return new IndexKey(bytes);
    }

    static KeyRange range(IndexKey start, IndexKey end) {
        return KeyRange.of(start, end);
    }

    static KeyRange from(IndexKey start) {
        return new KeyRange(start, Optional.empty());
    }
}
