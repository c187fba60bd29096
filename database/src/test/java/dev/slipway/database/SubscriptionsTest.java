package dev.slipway.database;

import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static dev.slipway.database.V.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.query.IndexKeys;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.database.subscription.ReadSet;
import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Subscriptions} over {@link MemoryPersistence} with a synchronous notification executor, so a
 * commit's notifications have all run when {@code commit()} returns: precision (unrelated writes do
 * not notify), completeness (relevant writes do, with their commit timestamp), the stale-at-subscribe
 * gap, one-shot and close semantics, failing listeners, and a seeded randomized check against
 * re-running the queries.
 */
class SubscriptionsTest {
    private MemoryPersistence store;
    private Database db;

    @BeforeEach
    void open() {
        store = MemoryPersistence.create("subscriptions-test");
        db = Database.open(
                store,
                TestStores.options(TestStores.clock(), 7)
                        .notificationExecutor(Runnable::run)
                        .build());
        Transaction create = db.begin();
        create.createIndex("items", "by_n", List.of("n"));
        create.commit();
    }

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    /** A recording listener. */
    private static final class Recorder implements Subscriptions.Listener {
        final List<Timestamp> seen = new CopyOnWriteArrayList<>();

        @Override
        public void invalidated(Timestamp commitTs) {
            seen.add(commitTs);
        }
    }

    /** A query run in a transaction: its result, read set and snapshot. */
    private record Run(List<Value.Obj> result, ReadSet readSet, Timestamp ts) {}

    private Run run(String queryJson) {
        Transaction tx = db.begin();
        List<Value.Obj> result = new ArrayList<>();
        tx.query(SerializedQuery.parse(queryJson)).forEachRemaining(result::add);
        tx.abort();
        return new Run(result, tx.readSet(), tx.snapshotTs());
    }

    private Subscriptions.Handle subscribe(Run run, Subscriptions.Listener listener) {
        return db.subscribe(run.readSet(), run.ts(), listener);
    }

    private static String range(Optional<Integer> low, Optional<Integer> high, String order, Optional<Integer> limit) {
        List<String> bounds = new ArrayList<>();
        low.ifPresent(l -> bounds.add("{\"type\":\"Gte\",\"fieldPath\":\"n\",\"value\":" + l + "}"));
        high.ifPresent(h -> bounds.add("{\"type\":\"Lt\",\"fieldPath\":\"n\",\"value\":" + h + "}"));
        String operators = limit.map(l -> "[{\"limit\":" + l + "}]").orElse("[]");
        return "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"items.by_n\",\"order\":\"" + order
                + "\",\"range\":[" + String.join(",", bounds) + "]},\"operators\":" + operators + "}";
    }

    private static String between(int low, int high) {
        return range(Optional.of(low), Optional.of(high), "asc", Optional.empty());
    }

    private static Value.Obj item(int n) {
        return obj("n", new Value.Float64(n));
    }

    private DocumentId insert(String table, Value.Obj value) {
        Transaction tx = db.begin();
        DocumentId id = tx.insert(table, value);
        tx.commit();
        return id;
    }

    private Timestamp insertAt(String table, Value.Obj value) {
        Transaction tx = db.begin();
        tx.insert(table, value);
        return tx.commit();
    }

    @Test
    void subscribe_unrelatedWrites_doNotNotify() {
        insert("items", item(12));
        Run run = run(between(10, 20));
        Recorder recorder = new Recorder();
        Subscriptions.Handle handle = subscribe(run, recorder);

        insert("other", item(15)); // another table
        insert("items", item(5)); // same index, outside the range
        insert("items", item(20)); // the exclusive upper bound

        assertThat(recorder.seen).isEmpty();
        assertThat(handle.isActive()).isTrue();
        assertThat(db.subscriptions().size()).isEqualTo(1);
    }

    @Test
    void unchangedThrough_answersFromTheWriteLog() {
        Run run = run(between(10, 20));
        Timestamp unrelated = insertAt("items", item(5));
        Timestamp touching = insertAt("items", item(15));
        Timestamp later = insertAt("other", item(15));

        assertThat(db.unchangedThrough(run.readSet(), run.ts(), unrelated)).isTrue();
        assertThat(db.unchangedThrough(run.readSet(), run.ts(), touching)).isFalse();
        assertThat(db.unchangedThrough(run.readSet(), run.ts(), later)).isFalse();
        assertThat(db.unchangedThrough(run.readSet(), run.ts(), Timestamp.of(later.nanos() + 1)))
                .as("a timestamp not committed yet")
                .isFalse();
    }

    @Test
    void subscribe_insertIntoRange_notifiesOnceWithCommitTs() {
        Run run = run(between(10, 20));
        Recorder recorder = new Recorder();
        Subscriptions.Handle handle = subscribe(run, recorder);

        Timestamp ts = insertAt("items", item(15));
        insertAt("items", item(16)); // one-shot: not again

        assertThat(recorder.seen).containsExactly(ts);
        assertThat(handle.isActive()).isFalse();
        assertThat(db.subscriptions().size()).isZero();
    }

    @Test
    void subscribe_updateOfReadDocument_notifies() {
        DocumentId id = insert("items", item(12));
        Run run = run(between(10, 20));
        Recorder recorder = new Recorder();
        subscribe(run, recorder);

        Transaction tx = db.begin();
        tx.patch(id, patch("label", str("x"))); // same index key, new revision
        Timestamp ts = tx.commit();

        assertThat(recorder.seen).containsExactly(ts);
    }

    @Test
    void subscribe_deleteOfReadDocument_notifies() {
        DocumentId id = insert("items", item(12));
        Run run = run(between(10, 20));
        Recorder recorder = new Recorder();
        subscribe(run, recorder);

        Transaction tx = db.begin();
        tx.delete(id);
        Timestamp ts = tx.commit();

        assertThat(recorder.seen).containsExactly(ts);
    }

    @Test
    void subscribe_limitedQuery_onlyScannedIntervalNotifies() {
        for (int n : List.of(1, 2, 3, 4)) {
            insert("items", item(n));
        }
        Run run = run(range(Optional.empty(), Optional.empty(), "asc", Optional.of(2)));
        assertThat(run.result()).hasSize(2);
        Recorder recorder = new Recorder();
        subscribe(run, recorder);

        insert("items", item(10)); // after the last consumed key
        insert("items", item(3)); // equal value, but a later id: after the last consumed key
        assertThat(recorder.seen).isEmpty();

        Timestamp ts = insertAt("items", item(0)); // before the last consumed key: changes the result
        assertThat(recorder.seen).containsExactly(ts);
    }

    @Test
    void subscribe_commitBetweenQueryAndSubscribe_notifiesAtOnce() {
        Run run = run(between(10, 20));
        Timestamp ts = insertAt("items", item(11));
        Recorder recorder = new Recorder();

        Subscriptions.Handle handle = subscribe(run, recorder);

        assertThat(recorder.seen).containsExactly(ts);
        assertThat(handle.isActive()).isFalse();
        assertThat(db.subscriptions().size()).isZero();
        insert("items", item(12));
        assertThat(recorder.seen).hasSize(1);
    }

    @Test
    void subscribe_unrelatedCommitBetweenQueryAndSubscribe_staysActive() {
        Run run = run(between(10, 20));
        insert("items", item(30));
        Recorder recorder = new Recorder();

        Subscriptions.Handle handle = subscribe(run, recorder);

        assertThat(recorder.seen).isEmpty();
        assertThat(handle.isActive()).isTrue();
        Timestamp ts = insertAt("items", item(19));
        assertThat(recorder.seen).containsExactly(ts);
    }

    @Test
    void close_beforeRelevantCommit_stopsNotifications() {
        Run run = run(between(10, 20));
        Recorder recorder = new Recorder();
        Subscriptions.Handle handle = subscribe(run, recorder);

        handle.close();
        handle.close();
        insert("items", item(15));

        assertThat(recorder.seen).isEmpty();
        assertThat(db.subscriptions().size()).isZero();
    }

    @Test
    void invalidate_throwingListener_otherListenersAndCommitterUnaffected() {
        Run run = run(between(10, 20));
        subscribe(run, ts -> {
            throw new IllegalStateException("listener failure for the test");
        });
        Recorder recorder = new Recorder();
        subscribe(run, recorder);

        Timestamp ts = insertAt("items", item(15));
        Timestamp next = insertAt("items", item(16));

        assertThat(recorder.seen).containsExactly(ts);
        assertThat(next).isGreaterThan(ts);
        assertThat(db.subscriptions().size()).isZero();
    }

    @Test
    void subscribe_defaultExecutor_notifiesOffTheCommitterThread() throws InterruptedException {
        MemoryPersistence otherStore = MemoryPersistence.create("subscriptions-default");
        try (Database other = Database.open(
                otherStore, TestStores.options(TestStores.clock(), 8).build())) {
            CountDownLatch notified = new CountDownLatch(1);
            List<String> threads = new CopyOnWriteArrayList<>();
            Transaction scan = other.begin();
            scan.query(SerializedQuery.parse(AbstractDatabaseTest.scan("items")))
                    .forEachRemaining(d -> {});
            other.subscribe(scan.readSet(), scan.snapshotTs(), ts -> {
                threads.add(Thread.currentThread().getName());
                notified.countDown();
            });
            Transaction more = other.begin();
            more.insert("items", item(3));
            more.commit();
            assertThat(notified.await(30, TimeUnit.SECONDS))
                    .as("notified within 30 s")
                    .isTrue();
            assertThat(threads).containsExactly("slipway-subscription");
        } finally {
            otherStore.close();
        }
    }

    @Test
    void subscribe_concurrentWithCommits_neverMissesAnInvalidation() throws Exception {
        String query = between(10, 20);
        Thread writer = Thread.ofPlatform().name("test-writer").start(() -> {
            for (int i = 0; i < 200; i++) {
                insert("items", item(i % 20));
            }
        });
        List<Run> runs = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        while (writer.isAlive()) {
            Run run = run(query);
            Recorder recorder = new Recorder();
            subscribe(run, recorder);
            runs.add(run);
            recorders.add(recorder);
        }
        writer.join();
        List<Value.Obj> last = run(query).result();
        for (int i = 0; i < runs.size(); i++) {
            assertThat(recorders.get(i).seen).hasSizeLessThanOrEqualTo(1);
            if (recorders.get(i).seen.isEmpty()) {
                assertThat(last)
                        .as("subscription %d of %d was not notified, so its result must still hold", i, runs.size())
                        .isEqualTo(runs.get(i).result());
            } else {
                assertThat(recorders.get(i).seen.getFirst())
                        .isGreaterThan(runs.get(i).ts());
            }
        }
    }

    // ---- randomized ----------------------------------------------------------------------------

    /** One live subscription of the randomized test. */
    private record Live(String query, Run run, Recorder recorder, Subscriptions.Handle handle) {}

    @Test
    void subscriptions_randomWrites_notifyIffScannedIntervalWritten() throws Exception {
        long seed = Seeds.seed();
        Seeds.run(seed, this::runRandomized);
    }

    private void runRandomized(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DocumentId> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(insert("items", item(random.nextInt(20))));
        }
        for (int round = 0; round < 15; round++) {
            List<Live> live = new ArrayList<>();
            for (int q = 0; q < 6; q++) {
                String query = randomQuery(random);
                Run run = run(query);
                Recorder recorder = new Recorder();
                live.add(new Live(query, run, recorder, subscribe(run, recorder)));
            }
            for (int w = 0; w < 4; w++) {
                Write write = randomWrite(random, ids);
                for (Live l : live) {
                    check(l, write);
                }
            }
            live.forEach(l -> l.handle().close());
            assertThat(db.subscriptions().size()).isZero();
        }
        assertThat(tally[0]).as("checks without a notification").isPositive();
        assertThat(tally[1]).as("checks with a notification").isPositive();
    }

    /** How many checks found a notification ([1]) and none ([0]): the randomized test is not vacuous. */
    private final int[] tally = new int[2];

    /** A committed write: its timestamp and, per index it touched, the keys written. */
    private record Write(
            Timestamp ts,
            String description,
            List<Catalog.Index> indexes,
            List<Value.Obj> before,
            List<Value.Obj> after,
            DocumentId id) {
        boolean touches(ReadSet readSet) {
            for (Catalog.Index index : indexes) {
                for (Value.Obj doc : before) {
                    if (readSet.intersects(index.id(), IndexKeys.of(index.definition(), doc, id))) {
                        return true;
                    }
                }
                for (Value.Obj doc : after) {
                    if (readSet.intersects(index.id(), IndexKeys.of(index.definition(), doc, id))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private void check(Live l, Write write) {
        List<Timestamp> seen = l.recorder().seen;
        assertThat(seen).as("%s notified at most once", l.query()).hasSizeLessThanOrEqualTo(1);
        boolean notifiedNow = seen.contains(write.ts());
        boolean alreadyNotified = !seen.isEmpty() && !notifiedNow;
        if (alreadyNotified) {
            return;
        }
        assertThat(notifiedNow)
                .as(
                        "%s notified by %s iff it wrote into the read set %s",
                        l.query(), write.description(), l.run().readSet())
                .isEqualTo(write.touches(l.run().readSet()));
        tally[notifiedNow ? 1 : 0]++;
        if (!notifiedNow) {
            assertThat(run(l.query()).result())
                    .as("%s not notified, so its result must be unchanged after %s", l.query(), write.description())
                    .isEqualTo(l.run().result());
        }
    }

    private String randomQuery(SplittableRandom random) {
        Optional<Integer> low = random.nextInt(4) == 0 ? Optional.empty() : Optional.of(random.nextInt(20));
        Optional<Integer> high =
                random.nextInt(4) == 0 ? Optional.empty() : Optional.of(low.orElse(0) + 1 + random.nextInt(8));
        Optional<Integer> limit = random.nextBoolean() ? Optional.empty() : Optional.of(1 + random.nextInt(4));
        return range(low, high, random.nextBoolean() ? "asc" : "desc", limit);
    }

    private Write randomWrite(SplittableRandom random, List<DocumentId> ids) {
        Transaction tx = db.begin();
        int choice = ids.isEmpty() ? 0 : random.nextInt(5);
        String table = choice == 4 ? "other" : "items";
        DocumentId id;
        String description;
        List<Value.Obj> before = new ArrayList<>();
        switch (choice) {
            case 0, 4 -> {
                int n = random.nextInt(20);
                id = tx.insert(table, item(n));
                if (choice == 0) {
                    ids.add(id);
                }
                description = "insert into " + table + " n=" + n;
            }
            case 1, 2 -> {
                id = ids.get(random.nextInt(ids.size()));
                before.add(tx.get(id).orElseThrow());
                var fields = choice == 1
                        ? patch("n", new Value.Float64(random.nextInt(20)))
                        : patch("label", str("x" + random.nextInt(100)));
                tx.patch(id, fields);
                description = "patch " + fields + " of " + before.getFirst();
            }
            default -> {
                id = ids.remove(random.nextInt(ids.size()));
                before.add(tx.delete(id));
                description = "delete " + before.getFirst();
            }
        }
        List<Value.Obj> after = tx.get(id).map(List::of).orElse(List.of());
        List<Catalog.Index> indexes = tx.catalog().indexes(id.tableNumber());
        Timestamp ts = tx.commit();
        return new Write(ts, description, indexes, before, after, id);
    }
}
