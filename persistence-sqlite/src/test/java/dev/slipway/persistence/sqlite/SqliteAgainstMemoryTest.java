package dev.slipway.persistence.sqlite;

import static dev.slipway.persistence.sqlite.TestData.docId;
import static dev.slipway.persistence.sqlite.TestData.entry;
import static dev.slipway.persistence.sqlite.TestData.prefixA;
import static dev.slipway.persistence.sqlite.TestData.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.DocumentCursor;
import dev.slipway.persistence.DocumentLogEntry;
import dev.slipway.persistence.IndexEntry;
import dev.slipway.persistence.IndexPage;
import dev.slipway.persistence.KeyRange;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Order;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.RetentionResult;
import dev.slipway.persistence.RevisionKey;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random operations on a SQLite store and on {@link MemoryPersistence}, the reference, with
 * every read compared. Writes keep the SPI's promises (strictly increasing timestamps, an index
 * entry for every write, nothing written at or below a retention cutoff); retention passes are run
 * to completion in small steps, and the store is closed and reopened now and then. A failure prints
 * the seed; set {@code -Dslipway.seed=<seed>} to replay it.
 */
class SqliteAgainstMemoryTest {
    private static final int OPERATIONS = 300;
    private static final int TABLES = 2;
    private static final int IDS_PER_TABLE = 12;
    private static final int VALUES = 6;

    @TempDir
    Path dir;

    private final Map<DocumentId, DocumentLogEntry> current = new HashMap<>();
    private long clock;
    private long cutoff;

    @Test
    void randomOperations_matchTheReferenceImplementation() {
        long seed = Long.getLong("slipway.seed", new Random().nextLong());
        try {
            run(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("random operations failed with seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void run(Random random) {
        Path file = dir.resolve("db.sqlite3");
        SqliteOptions options = SqliteOptions.builder()
                .readers(2)
                .synchronous(SqliteOptions.Synchronous.NORMAL)
                .build();
        MemoryPersistence reference = MemoryPersistence.create("reference");
        SqlitePersistence store = SqlitePersistence.open(file, options);
        try {
            for (int i = 0; i < OPERATIONS; i++) {
                int op = random.nextInt(100);
                if (op < 35) {
                    write(random, store, reference);
                } else if (op < 50) {
                    compareGet(random, store, reference);
                } else if (op < 72) {
                    compareScan(random, store, reference);
                } else if (op < 82) {
                    compareLoad(random, store, reference);
                } else if (op < 88) {
                    comparePrevious(random, store, reference);
                } else if (op < 95) {
                    compareRetention(random, store, reference);
                } else if (op < 97) {
                    globals(random, store, reference);
                } else {
                    store.close();
                    store = SqlitePersistence.open(file, options);
                }
                assertThat(store.maxTimestamp()).isEqualTo(reference.maxTimestamp());
            }
        } finally {
            store.close();
        }
    }

    private void write(Random random, Persistence store, Persistence reference) {
        long ts = ++clock;
        List<DocumentLogEntry> docs = new ArrayList<>();
        List<IndexEntry> entries = new ArrayList<>();
        int changes = 1 + random.nextInt(3);
        List<DocumentId> touched = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            DocumentId id = docId(1 + random.nextInt(TABLES), random.nextInt(IDS_PER_TABLE));
            if (!touched.contains(id)) {
                touched.add(id);
                change(random, id, ts, docs, entries);
            }
        }
        store.write(docs, entries, ConflictStrategy.ERROR);
        reference.write(docs, entries, ConflictStrategy.ERROR);
    }

    /** Inserts, updates or deletes {@code id} at {@code ts}, with the index entries that go with it. */
    private void change(Random random, DocumentId id, long ts, List<DocumentLogEntry> docs, List<IndexEntry> entries) {
        DocumentLogEntry before = current.get(id);
        Optional<Long> prev = Optional.ofNullable(before).map(d -> d.ts().nanos());
        if (before != null && !before.deleted() && random.nextInt(4) == 0) {
            DocumentLogEntry tombstone = DocumentLogEntry.tombstone(id, ts(ts), before.ts());
            docs.add(tombstone);
            entries.add(entry(id, ts, a(before), true));
            current.put(id, tombstone);
            return;
        }
        long a = random.nextInt(VALUES);
        DocumentLogEntry after = TestData.doc(id, ts, a, prev);
        docs.add(after);
        if (before != null && !before.deleted() && a(before) != a) {
            entries.add(entry(id, ts, a(before), true));
        }
        entries.add(entry(id, ts, a, false));
        current.put(id, after);
    }

    private void compareGet(Random random, Persistence store, Persistence reference) {
        DocumentId id = docId(1 + random.nextInt(TABLES), random.nextInt(IDS_PER_TABLE));
        Timestamp readTs = readTs(random);
        assertThat(store.get(id, readTs)).as("get %s at %s", id, readTs).isEqualTo(reference.get(id, readTs));
    }

    private void compareScan(Random random, Persistence store, Persistence reference) {
        var index = TestData.byA(1 + random.nextInt(TABLES));
        KeyRange range = switch (random.nextInt(3)) {
            case 0 -> KeyRange.ALL;
            case 1 -> KeyRange.prefix(prefixA(random.nextInt(VALUES)));
            default -> {
                int from = random.nextInt(VALUES);
                yield KeyRange.of(prefixA(from), prefixA(from + random.nextInt(VALUES - from + 1)));
            }
        };
        Order order = random.nextBoolean() ? Order.ASC : Order.DESC;
        Timestamp readTs = readTs(random);
        int limit = 1 + random.nextInt(5);
        Optional<KeyRange> next = Optional.of(range);
        while (next.isPresent()) {
            IndexPage page = store.scan(index, next.get(), readTs, order, limit);
            assertThat(page)
                    .as("scan %s %s at %s limit %d", next.get(), order, readTs, limit)
                    .isEqualTo(reference.scan(index, next.get(), readTs, order, limit));
            next = page.remaining();
        }
    }

    private void compareLoad(Random random, Persistence store, Persistence reference) {
        long from = random.nextLong(clock + 2);
        Timestamp to = ts(from + random.nextLong(clock + 2));
        int limit = 1 + random.nextInt(7);
        Optional<DocumentCursor> after = Optional.empty();
        while (true) {
            List<DocumentLogEntry> page = store.loadDocuments(ts(from), to, after, limit);
            assertThat(page)
                    .as("load from %d to %s after %s limit %d", from, to, after, limit)
                    .isEqualTo(reference.loadDocuments(ts(from), to, after, limit));
            if (page.size() < limit) {
                return;
            }
            DocumentLogEntry last = page.getLast();
            after = Optional.of(new DocumentCursor(last.ts(), last.id()));
        }
    }

    private void comparePrevious(Random random, Persistence store, Persistence reference) {
        List<RevisionKey> keys = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            keys.add(new RevisionKey(
                    docId(1 + random.nextInt(TABLES), random.nextInt(IDS_PER_TABLE)), ts(random.nextLong(clock + 2))));
        }
        assertThat(store.previousRevisions(keys))
                .as("previous revisions of %s", keys)
                .isEqualTo(reference.previousRevisions(keys));
    }

    private void compareRetention(Random random, Persistence store, Persistence reference) {
        cutoff = Math.max(cutoff, random.nextLong(clock + 1));
        int limit = 1 + random.nextInt(4);
        assertThat(retentionPass(store, ts(cutoff), limit))
                .as("retention pass up to %d", cutoff)
                .isEqualTo(retentionPass(reference, ts(cutoff), 1 + random.nextInt(6)));
    }

    private static RetentionResult retentionPass(Persistence store, Timestamp cutoff, int limit) {
        long documents = 0;
        long entries = 0;
        for (RetentionResult step = store.deleteShadowedRevisions(cutoff, limit);
                step.total() > 0;
                step = store.deleteShadowedRevisions(cutoff, limit)) {
            assertThat(step.total()).isLessThanOrEqualTo(limit);
            documents += step.documentRevisionsRemoved();
            entries += step.indexEntriesRemoved();
        }
        return new RetentionResult(documents, entries);
    }

    private static void globals(Random random, Persistence store, Persistence reference) {
        String key = "key" + random.nextInt(3);
        if (random.nextBoolean()) {
            String value = "value " + random.nextInt(100);
            store.writeGlobal(key, value);
            reference.writeGlobal(key, value);
        }
        assertThat(store.global(key)).isEqualTo(reference.global(key));
    }

    /** A read timestamp no retention pass has invalidated: at or after the cutoff. */
    private Timestamp readTs(Random random) {
        return ts(cutoff + random.nextLong(clock - cutoff + 2));
    }

    private static long a(DocumentLogEntry doc) {
        if (!(doc.value().orElseThrow().fields().get("a") instanceof Value.Int64(long a))) {
            throw new AssertionError("document " + doc + " has no int64 field a");
        }
        return a;
    }
}
