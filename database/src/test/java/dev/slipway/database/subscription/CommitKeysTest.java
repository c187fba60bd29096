package dev.slipway.database.subscription;

import static dev.slipway.database.subscription.TestKeys.index;
import static dev.slipway.database.subscription.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.IndexId;
import org.junit.jupiter.api.Test;

class CommitKeysTest {
    private static final IndexId A = index(1);
    private static final IndexId B = index(2);

    @Test
    void build_keysAddedInAnyOrder_areSortedAndDistinct() {
        CommitKeys keys = CommitKeys.builder()
                .add(A, key(5))
                .add(B, key(1))
                .add(A, key(1, 0xFF))
                .add(A, key(5))
                .add(A, key(0xFF))
                .build();

        assertThat(keys.indexes()).containsExactly(A, B);
        assertThat(keys.keys(A)).containsExactly(key(1, 0xFF), key(5), key(0xFF));
        assertThat(keys.keys(B)).containsExactly(key(1));
        assertThat(keys.keys(index(3))).isEmpty();
        assertThat(keys.keyCount()).isEqualTo(4);
    }

    @Test
    void build_nothingAdded_isEmpty() {
        CommitKeys keys = CommitKeys.builder().build();

        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys).isEqualTo(CommitKeys.empty());
        assertThat(keys.indexes()).isEmpty();
    }

    @Test
    void equals_sameKeysAddedDifferently_areEqual() {
        CommitKeys one = CommitKeys.builder().add(A, key(1)).add(B, key(2)).build();
        CommitKeys other = CommitKeys.builder()
                .add(B, key(2))
                .add(A, key(1))
                .add(A, key(1))
                .build();

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    }
}
