package dev.slipway.persistence;

import static dev.slipway.persistence.ContractFixture.docId;
import static dev.slipway.persistence.ContractFixture.indexId;
import static dev.slipway.persistence.ContractFixture.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.value.DocumentId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seeded randomized comparison of {@link AbstractPersistenceContractTest}: random batches
 * (inserts, updates that move keys, deletes, re-creations, rejected duplicates, idempotent
 * overwrites) over three tables with two indexes each, interleaved with random reads at random
 * timestamps, scans walked page by page over random ranges, orders and limits, log reads, previous
 * revisions, globals and retention passes at cutoffs below every later read. Every result of the
 * store under test must equal the {@link ScanningModel}'s, and so must every result of a {@link
 * MemoryPersistence} fed the same operations.
 *
 * <p>The seed is printed at the start and in every failure; {@code -Dslipway.test.seed=<seed>}
 * replays it.
 */
final class RandomizedComparison {
    private static final List<String> STRINGS = List.of("", "a", "ab", "b", "ba", "é", "zz");

    private final Persistence store;
    private final MemoryPersistence memory = MemoryPersistence.create("randomized-reference");
    private final ScanningModel model = new ScanningModel();
    private final LogBuilder log = new LogBuilder();
    private final Random random;
    private long now;
    private long floor;
    private String operation = "start";
    private long writes;
    private long rowsCompared;
    private long pagesCompared;
    private long documentsCompared;
    private RetentionResult collected = new RetentionResult(0, 0);

    private RandomizedComparison(Persistence store, long seed) {
        this.store = store;
        this.random = new Random(seed);
    }

    static void run(Persistence store, int operations) {
        long seed = Optional.ofNullable(Long.getLong("slipway.test.seed"))
                .orElseGet(() -> ThreadLocalRandom.current().nextLong());
        System.out.println("randomized comparison of " + store.describe() + " with seed " + seed);
        RandomizedComparison comparison = new RandomizedComparison(store, seed);
        int step = 0;
        try {
            for (; step < operations; step++) {
                comparison.step();
            }
            System.out.println(comparison.summary());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "randomized comparison failed at step " + step + " (" + comparison.operation + ") with seed " + seed
                            + "; replay with -Dslipway.test.seed=" + seed + "\n" + e.getMessage(),
                    e);
        } finally {
            comparison.memory.close();
        }
    }

    private String summary() {
        return "randomized comparison done: " + writes + " batches up to ts " + now + ", " + pagesCompared
                + " scan pages with " + rowsCompared + " rows, " + documentsCompared + " documents read, collected "
                + collected + " up to cutoff " + floor;
    }

    private void step() {
        int dice = random.nextInt(100);
        if (dice < 35 || now == 0) {
            write();
        } else if (dice < 50) {
            get();
        } else if (dice < 75) {
            scan();
        } else if (dice < 83) {
            loadDocuments();
        } else if (dice < 90) {
            previousRevisions();
        } else if (dice < 93) {
            operation = "maxTimestamp";
            assertThat(store.maxTimestamp()).isEqualTo(model.maxTimestamp());
            assertThat(memory.maxTimestamp()).isEqualTo(model.maxTimestamp());
        } else if (dice < 97) {
            globals();
        } else {
            collect();
        }
    }

    private void write() {
        long ts = now + 1 + random.nextInt(3);
        LogBuilder.Batch batch = log.batch(ts);
        List<DocumentId> touched = new ArrayList<>();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            DocumentId id = randomId();
            if (touched.contains(id)) {
                continue;
            }
            touched.add(id);
            boolean live = log.newest(id).filter(doc -> !doc.deleted()).isPresent();
            if (live && random.nextInt(3) == 0) {
                batch.delete(id);
            } else {
                batch.put(id, random.nextInt(7) - 3, STRINGS.get(random.nextInt(STRINGS.size())));
            }
        }
        operation = "write at " + ts + ": " + batch.documents();
        batch.writeTo(store, memory, model);
        now = ts;
        writes++;
        if (random.nextInt(12) == 0) {
            rewrite(batch);
        }
    }

    /** The same batch again: rejected whole with ERROR, a no-op with OVERWRITE. */
    private void rewrite(LogBuilder.Batch batch) {
        operation = "rewrite of " + batch.documents();
        for (Persistence target : List.of(store, memory, model)) {
            assertThatThrownBy(() -> target.write(batch.documents(), batch.indexEntries(), ConflictStrategy.ERROR))
                    .isInstanceOfSatisfying(
                            PersistenceException.class,
                            e -> assertThat(e.code()).isEqualTo(PersistenceException.DUPLICATE_REVISION));
            target.write(batch.documents(), batch.indexEntries(), ConflictStrategy.OVERWRITE);
        }
    }

    private void get() {
        DocumentId id = randomId();
        Timestamp readTs = readTs();
        operation = "get " + id + " at " + readTs;
        Optional<DocumentLogEntry> expected = model.get(id, readTs);
        assertThat(store.get(id, readTs)).isEqualTo(expected);
        documentsCompared += expected.isPresent() ? 1 : 0;
        assertThat(memory.get(id, readTs)).isEqualTo(expected);
    }

    private void scan() {
        IndexId index = random.nextInt(20) == 0 ? indexId(9, 0) : indexId(1 + random.nextInt(3), random.nextInt(2));
        KeyRange range = randomRange();
        Timestamp readTs = readTs();
        Order order = random.nextBoolean() ? Order.ASC : Order.DESC;
        int limit = 1 + random.nextInt(8);
        operation = "scan " + index + " " + range + " at " + readTs + " " + order + " limit " + limit;
        Optional<KeyRange> next = Optional.of(range);
        for (int pages = 0; next.isPresent(); pages = ContractFixture.nextPage(pages, operation)) {
            IndexPage expected = model.scan(index, next.get(), readTs, order, limit);
            assertThat(memory.scan(index, next.get(), readTs, order, limit)).isEqualTo(expected);
            IndexPage actual = store.scan(index, next.get(), readTs, order, limit);
            assertThat(actual.rows()).as("rows of the page for %s", next.get()).isEqualTo(expected.rows());
            pagesCompared++;
            rowsCompared += expected.rows().size();
            if (actual.remaining().isPresent() || expected.rows().size() < limit) {
                assertThat(actual.remaining()).isEqualTo(expected.remaining());
            } else {
                assertThat(model.scan(index, expected.remaining().orElseThrow(), readTs, order, 1)
                                .rows())
                        .as("rows after a full page that reported no remaining range")
                        .isEmpty();
            }
            next = expected.remaining();
        }
    }

    private void loadDocuments() {
        Timestamp from = ts(random.nextLong(now + 3));
        Timestamp to = random.nextInt(4) == 0 ? Timestamp.MAX : ts(from.nanos() + random.nextLong(now + 3));
        Optional<DocumentCursor> after = random.nextBoolean()
                ? Optional.empty()
                : Optional.of(new DocumentCursor(ts(random.nextLong(now + 3)), randomId()));
        int limit = 1 + random.nextInt(10);
        operation = "loadDocuments [" + from + ", " + to + ") after " + after + " limit " + limit;
        List<DocumentLogEntry> expected = model.loadDocuments(from, to, after, limit);
        assertThat(store.loadDocuments(from, to, after, limit)).isEqualTo(expected);
        documentsCompared += expected.size();
        assertThat(memory.loadDocuments(from, to, after, limit)).isEqualTo(expected);
    }

    private void previousRevisions() {
        List<RevisionKey> keys = new ArrayList<>();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            keys.add(new RevisionKey(randomId(), ts(random.nextLong(now + 3))));
        }
        operation = "previousRevisions " + keys;
        var expected = model.previousRevisions(keys);
        assertThat(store.previousRevisions(keys)).isEqualTo(expected);
        assertThat(memory.previousRevisions(keys)).isEqualTo(expected);
    }

    private void globals() {
        String key = "g" + random.nextInt(4);
        if (random.nextBoolean()) {
            String value = "v" + random.nextInt(1_000);
            operation = "writeGlobal " + key + " = " + value;
            List.of(store, memory, model).forEach(target -> target.writeGlobal(key, value));
        } else {
            operation = "global " + key;
            assertThat(store.global(key)).isEqualTo(model.global(key));
            assertThat(memory.global(key)).isEqualTo(model.global(key));
        }
    }

    /** A retention pass at a cutoff in {@code [floor, now)}; later reads stay at or above it. */
    private void collect() {
        if (now - floor < 2) {
            return;
        }
        long cutoff = floor + random.nextLong(now - floor);
        int limit = 1 + random.nextInt(20);
        operation = "retention pass at " + cutoff + " limit " + limit;
        RetentionResult expected = RetentionChecks.passOf(model, cutoff, limit);
        assertThat(RetentionChecks.passOf(store, cutoff, limit)).isEqualTo(expected);
        assertThat(RetentionChecks.passOf(memory, cutoff, limit)).isEqualTo(expected);
        collected = new RetentionResult(
                collected.documentRevisionsRemoved() + expected.documentRevisionsRemoved(),
                collected.indexEntriesRemoved() + expected.indexEntriesRemoved());
        floor = cutoff;
    }

    private DocumentId randomId() {
        return docId(1 + random.nextInt(3), random.nextInt(15));
    }

    private Timestamp readTs() {
        return random.nextInt(10) == 0 ? Timestamp.MAX : ts(floor + random.nextLong(now - floor + 3));
    }

    private KeyRange randomRange() {
        return switch (random.nextInt(5)) {
            case 0 -> KeyRange.ALL;
            case 1 -> ContractFixture.equalA(random.nextInt(7) - 3);
            case 2 -> {
                long from = random.nextInt(9) - 4L;
                yield ContractFixture.rangeA(from, from + random.nextInt(4));
            }
            case 3 -> ContractFixture.prefixOfB(List.of("", "a", "b", "é", "z").get(random.nextInt(5)));
            default -> rawRange();
        };
    }

    /** Two random short byte strings, in order; sometimes no end. */
    private KeyRange rawRange() {
        IndexKey first = randomKey();
        IndexKey second = randomKey();
        IndexKey start = first.compareTo(second) <= 0 ? first : second;
        IndexKey end = first.compareTo(second) <= 0 ? second : first;
        return random.nextInt(3) == 0 ? new KeyRange(start, Optional.empty()) : KeyRange.of(start, end);
    }

    private IndexKey randomKey() {
        byte[] bytes = new byte[random.nextInt(4)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = random.nextBoolean() ? (byte) 0x0A : (byte) 0x0B;
        }
        return new IndexKey(bytes);
    }
}
