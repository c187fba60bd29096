package dev.slipway.database.subscription;

import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The index keys one commit wrote: per index, its distinct keys in key order. A document write
 * contributes, in every index of its table, the key of its old revision (if any) and the key of its
 * new revision (if any), so that both the reads that saw the old document and the reads that would
 * see the new one are found. Immutable; build one with {@link #builder()}.
 */
public final class CommitKeys {
    private static final CommitKeys EMPTY = new CommitKeys(new IndexId[0], new IndexKey[0][], 0);

    /** Parallel arrays, in the order indexes were first added; each key array sorted and distinct. */
    private final IndexId[] indexes;

    private final IndexKey[][] keys;
    private final int keyCount;

    private CommitKeys(IndexId[] indexes, IndexKey[][] keys, int keyCount) {
        this.indexes = indexes;
        this.keys = keys;
        this.keyCount = keyCount;
    }

    public static CommitKeys empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The indexes written, in the order they were first added to the builder. */
    public List<IndexId> indexes() {
        return List.of(indexes);
    }

    /** The keys written in {@code index}, sorted and distinct; empty when none. */
    public List<IndexKey> keys(IndexId index) {
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i].equals(index)) {
                return List.of(keys[i]);
            }
        }
        return List.of();
    }

    /** The number of keys over all indexes. */
    public int keyCount() {
        return keyCount;
    }

    public boolean isEmpty() {
        return keyCount == 0;
    }

    /** The number of indexes, for iteration by position. */
    int indexCount() {
        return indexes.length;
    }

    IndexId index(int i) {
        return indexes[i];
    }

    /** The sorted keys of the {@code i}-th index; not a copy, never modify. */
    IndexKey[] keysAt(int i) {
        return keys[i];
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommitKeys other) || keyCount != other.keyCount) {
            return false;
        }
        return asMap().equals(other.asMap());
    }

    private Map<IndexId, List<IndexKey>> asMap() {
        Map<IndexId, List<IndexKey>> map = new HashMap<>();
        for (int i = 0; i < indexes.length; i++) {
            map.put(indexes[i], List.of(keys[i]));
        }
        return map;
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("CommitKeys{");
        for (int i = 0; i < indexes.length; i++) {
            out.append(i == 0 ? "" : ", ").append(indexes[i]).append('=').append(Arrays.toString(keys[i]));
        }
        return out.append('}').toString();
    }

    /** Collects the keys of one commit. Not thread-safe. */
    public static final class Builder {
        /** In the order indexes were first added. */
        private final Map<IndexId, TreeSet<IndexKey>> byIndex = new LinkedHashMap<>();

        private Builder() {}

        /** Records that the commit wrote {@code key} of {@code index} (an old or a new entry). */
        public Builder add(IndexId index, IndexKey key) {
            byIndex.computeIfAbsent(index, i -> new TreeSet<>()).add(key);
            return this;
        }

        public CommitKeys build() {
            if (byIndex.isEmpty()) {
                return EMPTY;
            }
            IndexId[] indexes = new IndexId[byIndex.size()];
            IndexKey[][] keys = new IndexKey[indexes.length][];
            int count = 0;
            int i = 0;
            for (var entry : byIndex.entrySet()) {
                indexes[i] = entry.getKey();
                keys[i] = entry.getValue().toArray(IndexKey[]::new);
                count += keys[i].length;
                i++;
            }
            return new CommitKeys(indexes, keys, count);
        }
    }
}
