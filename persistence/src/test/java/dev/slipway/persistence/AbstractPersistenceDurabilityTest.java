package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.BY_A;
import static dev.slipway.persistence.ContractFixture.BY_B;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability of a backend: a child JVM ({@link DurabilityWriter}) writes batches and
 * acknowledges each one after {@link Persistence#write} returns; the test kills it with SIGKILL,
 * reopens the store in this JVM and checks that every acknowledged batch is there, that no batch is
 * partial (documents, index entries and the counter document all agree), then lets a new child
 * continue the same store. Three rounds, killed at different moments.
 *
 * <p>A backend's test subclasses this and implements {@link #storeFactory()} and {@link
 * #newStoreAddress}. The child runs with the same {@code java} and class path as the test, so the
 * factory must be on the test class path; the child inherits the environment and every system
 * property named {@code slipway.*}.
 */
public abstract class AbstractPersistenceDurabilityTest {

    /** The factory the child instantiates by name: a public class with a public no-arg constructor. */
    protected abstract Class<? extends StoreFactory> storeFactory();

    /**
     * A fresh address for one store that {@link StoreFactory#open} understands: a file under {@code
     * dir} (a fresh temporary directory) or, for a database server, a fresh schema name. The kit
     * drops the store when the test ends.
     */
    protected abstract String newStoreAddress(Path dir);

    // ---------------------------------------------------------------- the test

    private static final int PER_BATCH = 8;
    /** Acknowledgements to wait for in each round before the kill. */
    private static final List<Integer> ACKS_BEFORE_KILL = List.of(1, 6, 25);

    @Test
    void write_childKilledWithSigkill_acknowledgedBatchesSurviveAndNoBatchIsPartial(@TempDir Path dir)
            throws Exception {
        String address = newStoreAddress(dir);
        try {
            for (int round = 0; round < ACKS_BEFORE_KILL.size(); round++) {
                long lastAck = runChildUntilKilled(dir, address, round, ACKS_BEFORE_KILL.get(round));
                try (Persistence store = factory().open(address)) {
                    checkStore(store, lastAck);
                }
            }
        } catch (Exception | Error failure) {
            try {
                factory().open(address).drop();
            } catch (Exception | Error dropFailure) {
                failure.addSuppressed(dropFailure);
            }
            throw failure;
        }
        factory().open(address).drop();
    }

    /** Starts the child, kills it after {@code acks} acknowledgements, returns the last batch it acknowledged. */
    private long runChildUntilKilled(Path dir, String address, int round, int acks) throws Exception {
        List<String> args = List.of(storeFactory().getName(), address, Integer.toString(PER_BATCH));
        return KilledChild.runUntilKilled(
                        "the durability child process", DurabilityWriter.class, args, dir, "child-" + round, acks, 9)
                .stream()
                .mapToLong(Long::parseLong)
                .max()
                .orElse(0);
    }

    /**
     * The store holds batches {@code 1..m} whole, with {@code m} the last acknowledged batch or the
     * one after it (written, but killed before its acknowledgement).
     */
    private static void checkStore(Persistence store, long lastAck) {
        long m = store.maxTimestamp().map(Timestamp::nanos).orElse(0L);
        assertThat(m)
                .as("newest batch in the store; last acknowledged %d", lastAck)
                .isBetween(lastAck, lastAck + 1);
        List<IndexRow> expectedA = new ArrayList<>();
        List<IndexRow> expectedB = new ArrayList<>();
        for (long n = 1; n <= m; n++) {
            List<DocumentLogEntry> batch = DurabilityWriter.batch(n, PER_BATCH).documents().stream()
                    .sorted(Comparator.comparing(DocumentLogEntry::id))
                    .toList();
            assertThat(store.loadDocuments(ts(n), ts(n + 1), Optional.empty(), 1_000))
                    .as("batch %d", n)
                    .isEqualTo(batch);
            batch.stream().filter(doc -> doc.id().tableNumber() == 1).forEach(doc -> {
                expectedA.add(new IndexRow(LogBuilder.keyOf(BY_A, doc).orElseThrow(), doc));
                expectedB.add(new IndexRow(LogBuilder.keyOf(BY_B, doc).orElseThrow(), doc));
            });
        }
        assertThat(store.loadDocuments(ts(m + 1), Timestamp.MAX, Optional.empty(), 10))
                .as("revisions after batch %d", m)
                .isEmpty();
        expectedA.sort(Comparator.comparing(IndexRow::key));
        expectedB.sort(Comparator.comparing(IndexRow::key));
        assertThat(scanAll(store, indexId(1, BY_A)))
                .as("index on a over batches 1..%d", m)
                .isEqualTo(expectedA);
        assertThat(scanAll(store, indexId(1, BY_B)))
                .as("index on b over batches 1..%d", m)
                .isEqualTo(expectedB);
        DocumentLogEntry counter =
                store.get(DurabilityWriter.COUNTER, Timestamp.MAX).orElseThrow();
        assertThat(ContractFixture.a(counter)).isEqualTo(m);
        assertThat(scanAll(store, indexId(2, BY_A)))
                .as("index of the counter after batch %d", m)
                .containsExactly(new IndexRow(LogBuilder.keyOf(BY_A, counter).orElseThrow(), counter));
    }

    private static List<IndexRow> scanAll(Persistence store, IndexId index) {
        return store.scan(index, KeyRange.ALL, Timestamp.MAX, Order.ASC, 100_000)
                .rows();
    }

    private StoreFactory factory() throws ReflectiveOperationException {
        return storeFactory().getDeclaredConstructor().newInstance();
    }
}
