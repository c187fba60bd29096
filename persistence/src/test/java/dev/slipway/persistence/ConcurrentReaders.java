package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.docId;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.value.DocumentId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Readers concurrent with a writer, for {@link AbstractPersistenceContractTest}. The writer appends
 * {@value #BATCHES} batches; batch {@code n} (at ts {@code 10n}) inserts {@value #PER_BATCH}
 * documents with {@code a = n}, moves the first document of batch {@code n-1} to {@code a = -n} and
 * sets a counter document to {@code n}. Each reader repeatedly reads at the last committed
 * timestamp, where it must see exactly batches {@code 1..n}, re-reads older timestamps, which must
 * look exactly as they did the first time, and scans at {@link Timestamp#MAX}, where every batch
 * must be whole.
 */
final class ConcurrentReaders {
    static final int BATCHES = 120;
    static final int PER_BATCH = 4;
    private static final int READERS = 3;
    private static final DocumentId COUNTER = docId(2, 0);
    private static final IndexId BY_A = indexId(1, ContractFixture.BY_A);

    private ConcurrentReaders() {}

    /** What a reader sees at one timestamp. */
    private record View(Optional<DocumentLogEntry> counter, IndexPage page) {}

    static void run(Persistence store) throws Exception {
        AtomicLong committed = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            Future<?> writer = pool.submit(() -> write(store, committed, done));
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                long seed = r;
                readers.add(pool.submit((Callable<Integer>) () -> read(store, committed, done, new Random(seed))));
            }
            await(writer);
            for (Future<Integer> reader : readers) {
                assertThat(await(reader)).as("iterations of a reader").isPositive();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    private static void write(Persistence store, AtomicLong committed, AtomicBoolean done) {
        try {
            LogBuilder log = new LogBuilder();
            for (int n = 1; n <= BATCHES; n++) {
                LogBuilder.Batch batch = log.batch(10L * n);
                for (int i = 0; i < PER_BATCH; i++) {
                    batch.put(docId(1, (long) n * PER_BATCH + i), n, "w");
                }
                if (n > 1) {
                    batch.put(docId(1, (long) (n - 1) * PER_BATCH), -n, "w");
                }
                batch.put(COUNTER, n, "counter");
                batch.writeTo(store);
                committed.set(n);
            }
        } finally {
            done.set(true);
        }
    }

    private static int read(Persistence store, AtomicLong committed, AtomicBoolean done, Random random) {
        Map<Long, View> seen = new HashMap<>();
        List<Long> seenBatches = new ArrayList<>();
        int iterations = 0;
        // Until the writer is done, and at least three times if it wrote anything.
        while (!done.get() || (iterations < 3 && committed.get() > 0)) {
            long n = committed.get();
            if (n == 0) {
                Thread.onSpinWait();
                continue;
            }
            View view = view(store, ts(10 * n));
            assertThat(view.counter().map(ContractFixture::a))
                    .as("counter at batch %d", n)
                    .contains(n);
            assertWholeBatches(view.page(), n);
            View first = seen.putIfAbsent(n, view);
            if (first == null) {
                seenBatches.add(n);
            } else {
                assertThat(view).as("second read at batch %d", n).isEqualTo(first);
            }
            long older = seenBatches.get(random.nextInt(seenBatches.size()));
            assertThat(view(store, ts(10 * older)))
                    .as("re-read at batch %d", older)
                    .isEqualTo(seen.get(older));
            IndexPage newest = store.scan(BY_A, KeyRange.ALL, Timestamp.MAX, Order.ASC, SnapshotView.WHOLE);
            long newestBatch = newest.rows().stream()
                    .mapToLong(row -> ContractFixture.a(row.document()))
                    .max()
                    .orElse(0);
            assertThat(newestBatch).as("batches visible at MAX").isGreaterThanOrEqualTo(n);
            assertWholeBatches(newest, newestBatch);
            iterations++;
        }
        return iterations;
    }

    private static View view(Persistence store, Timestamp readTs) {
        return new View(
                store.get(COUNTER, readTs), store.scan(BY_A, KeyRange.ALL, readTs, Order.ASC, SnapshotView.WHOLE));
    }

    /** Batches {@code 1..n} exactly: each batch's own documents, less the one the next batch moved. */
    private static void assertWholeBatches(IndexPage page, long n) {
        Map<Long, Long> counts = page.rows().stream()
                .collect(Collectors.groupingBy(
                        row -> ContractFixture.a(row.document()), TreeMap::new, Collectors.counting()));
        Map<Long, Long> expected = new TreeMap<>();
        for (long batch = 1; batch <= n; batch++) {
            expected.put(batch, (long) PER_BATCH - (batch < n ? 1 : 0));
            if (batch > 1) {
                expected.put(-batch, 1L);
            }
        }
        assertThat(counts).as("documents per value of a after batch %d", n).isEqualTo(expected);
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case Error error -> throw error;
                case Exception cause -> throw cause;
                case null, default -> throw e;
            }
        }
    }
}
