package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.BY_A;
import static dev.slipway.persistence.ContractFixture.docId;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.key;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the contract against the in-memory reference implementation ({@link #openStore} reopens a
 * name through {@link MemoryPersistence#reopen()}), plus what only the reference does.
 */
class MemoryPersistenceTest extends AbstractPersistenceContractTest {
    private final Map<String, MemoryPersistence> stores = new HashMap<>();

    @Override
    protected Persistence openStore(String name) {
        MemoryPersistence store = stores.containsKey(name) ? stores.get(name).reopen() : MemoryPersistence.create(name);
        stores.put(name, store);
        return store;
    }

    @Test
    void write_liveIndexEntryWithoutItsRevision_failsAndWritesNothing() {
        MemoryPersistence store = MemoryPersistence.create("strict");
        DocumentLogEntry doc = ContractFixture.inserted(docId(1, 1), 10, 1, "a");
        IndexEntry dangling =
                new IndexEntry(indexId(1, BY_A), key(BY_A, 1, "a", docId(1, 2)), ts(10), docId(1, 2), false);

        assertThatThrownBy(() -> store.write(List.of(doc), List.of(dangling), ConflictStrategy.ERROR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory:strict")
                .hasMessageContaining("points at no live revision");
        assertThat(store.get(docId(1, 1), Timestamp.MAX)).isEmpty();
        assertThat(store.maxTimestamp()).isEmpty();
    }

    @Test
    void scanAndLoadAndCollect_nonPositiveLimit_failWithIllegalArgument() {
        MemoryPersistence store = MemoryPersistence.create("limits");

        assertThatThrownBy(() -> store.scan(indexId(1, BY_A), KeyRange.ALL, Timestamp.MAX, Order.ASC, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> store.loadDocuments(Timestamp.MIN, Timestamp.MAX, Optional.empty(), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deleteShadowedRevisions(ts(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reopen_sharesDataWithOtherHandles_andClosingOneLeavesTheOtherOpen() {
        MemoryPersistence first = MemoryPersistence.create("shared");
        MemoryPersistence second = first.reopen();
        new LogBuilder().batch(10).put(docId(1, 1), 1, "a").writeTo(first);

        first.close();

        assertThat(second.get(docId(1, 1), Timestamp.MAX).map(ContractFixture::a))
                .contains(1L);
        assertThat(second.describe()).isEqualTo("memory:shared");
    }
}
