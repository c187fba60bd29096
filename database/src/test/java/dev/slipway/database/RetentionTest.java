package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.i64;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Persistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Retention over {@link MemoryPersistence}: options, scheduling, and storage staying bounded. */
class RetentionTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final int DOCS = 1_000;
    private static final int DOCS_PER_TX = 100;
    private static final int ROUNDS = 10;
    private static final int TXS_PER_ROUND = 100;

    private final AtomicLong clock = TestStores.clock();

    @Test
    void options_defaultsAndWindowBelowOccWindow_rejectedNamingBoth() {
        DatabaseOptions defaults = DatabaseOptions.defaults();
        assertThat(defaults.retentionWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.retentionScheduler()).isPresent();
        assertThatThrownBy(() -> DatabaseOptions.builder()
                        .occWindow(Duration.ofMinutes(2))
                        .retentionWindow(Duration.ofMinutes(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retentionWindow must be >= occWindow (PT2M), got PT1M");
        assertThatThrownBy(() -> DatabaseOptions.builder().retentionBatchSize(0).build())
                .hasMessageContaining("retentionBatchSize must be >= 1, got 0");
    }

    @Test
    void scheduler_runsPassesAndRetriesAfterAFailure_cancelledOnClose() {
        CapturingScheduler scheduler = new CapturingScheduler();
        AtomicBoolean failNext = new AtomicBoolean();
        Persistence store = failingRetention(MemoryPersistence.create("retention-scheduler"), failNext);
        Database db = Database.open(
                store,
                TestStores.options(clock, 7)
                        .retentionScheduler(Optional.of(scheduler))
                        .build());
        try {
            DocumentId id = insert(db, obj("v", i64(0)));
            update(db, id, 1);
            clock.addAndGet(6 * MINUTE);
            update(db, id, 2);
            assertThat(scheduler.tasks).hasSize(1);

            failNext.set(true);
            scheduler.tasks.getFirst().run();
            assertThat(Revisions.of(store, id)).hasSize(3);
            scheduler.tasks.getFirst().run();
            assertThat(Revisions.of(store, id)).hasSize(2);
        } finally {
            db.close();
            scheduler.shutdownNow();
        }
        assertThat(scheduler.futures.getFirst().isCancelled()).isTrue();
    }

    @Test
    void runRetention_100kUpdatesOf1kDocuments_keepsStorageBoundedAndLatestValues() {
        Persistence store = MemoryPersistence.create("retention-bounded");
        Database db = Database.open(store, TestStores.options(clock, 11).build());
        try {
            List<DocumentId> ids = insertAll(db);
            long[] expected = new long[DOCS];
            int table = ids.getFirst().tableNumber();
            long before = 0;
            long maxAfter = 0;
            long removed = 0;
            long indexRemoved = 0;
            for (int round = 0; round < ROUNDS; round++) {
                clock.addAndGet(6 * MINUTE);
                updateRound(db, ids, expected, round);
                before = Revisions.count(store, Timestamp.MIN, Optional.of(table));
                RetentionPass pass = db.runRetention();
                removed += pass.documentRevisionsRemoved();
                indexRemoved += pass.indexEntriesRemoved();
                long after = Revisions.count(store, Timestamp.MIN, Optional.of(table));
                long inWindow = Revisions.count(store, pass.cutoff().successor(), Optional.of(table));
                assertThat(after).as("round %d", round).isLessThanOrEqualTo(2L * DOCS + inWindow);
                maxAfter = Math.max(maxAfter, after);
            }
            assertLatest(db.begin(), ids, expected);
            assertReaderKeepsView(db, store, ids, expected);
            System.out.printf(
                    "retention: %d updates; revisions before last pass %d, max after a pass %d, removed %d"
                            + " revisions and %d index entries%n",
                    ROUNDS * TXS_PER_ROUND * DOCS_PER_TX, before, maxAfter, removed, indexRemoved);
        } finally {
            db.close();
        }
    }

    /** A reader at the latest commit still sees its values after more updates and another pass. */
    private void assertReaderKeepsView(Database db, Persistence store, List<DocumentId> ids, long[] expected) {
        Transaction reader = db.beginAt(db.lastCommitted());
        long[] seen = expected.clone();
        updateRound(db, ids, expected, ROUNDS);
        RetentionPass pass = db.runRetention();
        assertThat(pass.cutoff()).isLessThan(reader.snapshotTs());
        assertLatest(reader, ids, seen);
        assertLatest(db.begin(), ids, expected);
        assertThat(Revisions.count(
                        store, Timestamp.MIN, Optional.of(ids.getFirst().tableNumber())))
                .isLessThanOrEqualTo(2L * DOCS + 2L * TXS_PER_ROUND * DOCS_PER_TX);
    }

    private static List<DocumentId> insertAll(Database db) {
        List<DocumentId> ids = new ArrayList<>();
        for (int start = 0; start < DOCS; start += DOCS_PER_TX) {
            Transaction tx = db.begin();
            for (int i = 0; i < DOCS_PER_TX; i++) {
                ids.add(tx.insert("items", obj("v", i64(0))));
            }
            tx.commit();
        }
        return ids;
    }

    /** {@code TXS_PER_ROUND} transactions of {@code DOCS_PER_TX} patches each, round-robin over the documents. */
    private static void updateRound(Database db, List<DocumentId> ids, long[] expected, int round) {
        for (int t = 0; t < TXS_PER_ROUND; t++) {
            Transaction tx = db.begin();
            for (int j = 0; j < DOCS_PER_TX; j++) {
                int doc = (t * DOCS_PER_TX + j) % DOCS;
                long value = (long) round * TXS_PER_ROUND * DOCS_PER_TX + (long) t * DOCS_PER_TX + j + 1;
                tx.patch(ids.get(doc), patch("v", i64(value)));
                expected[doc] = value;
            }
            tx.commit();
        }
    }

    private static void assertLatest(Transaction tx, List<DocumentId> ids, long[] expected) {
        for (int i = 0; i < DOCS; i++) {
            Optional<Value> v = tx.get(ids.get(i)).map(d -> field(d, "v"));
            assertThat(v).as("document %d at %d", i, tx.snapshotTs().nanos()).contains(i64(expected[i]));
        }
    }

    private static DocumentId insert(Database db, Value.Obj value) {
        Transaction tx = db.begin();
        DocumentId id = tx.insert("t", value);
        tx.commit();
        return id;
    }

    private static void update(Database db, DocumentId id, long v) {
        Transaction tx = db.begin();
        tx.patch(id, patch("v", i64(v)));
        tx.commit();
    }

    /** {@code store}, except that a retention call fails while {@code failNext} is set (once). */
    private static Persistence failingRetention(Persistence store, AtomicBoolean failNext) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("deleteShadowedRevisions") && failNext.getAndSet(false)) {
                throw new IllegalStateException("injected retention failure");
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Persistence)
                Proxy.newProxyInstance(Persistence.class.getClassLoader(), new Class<?>[] {Persistence.class}, handler);
    }

    /** Records the periodic tasks instead of running them; tests run them by hand. */
    private static final class CapturingScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> tasks = new ArrayList<>();
        final List<ScheduledFuture<?>> futures = new ArrayList<>();

        CapturingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
                Runnable command, long initialDelay, long delay, TimeUnit unit) {
            tasks.add(command);
            ScheduledFuture<?> future = schedule(() -> {}, 1, TimeUnit.DAYS);
            futures.add(future);
            return future;
        }
    }
}
