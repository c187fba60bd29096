package dev.slipway.database.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.subscription.RandomReads.Reads;
import dev.slipway.persistence.IndexId;
import dev.slipway.persistence.IndexKey;
import dev.slipway.persistence.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Registrations and unregistrations from several threads while one committer thread invalidates.
 * Every thread does a bounded number of operations, released together; the seed is in every failure
 * message ({@code -Dslipway.test.seed=N}).
 */
class SubscriptionIndexConcurrencyTest {
    private static final int REGISTRANTS = 3;
    private static final int OPERATIONS_PER_REGISTRANT = 1_500;
    private static final int COMMITS = 2_000;

    private final long seed = Long.getLong("slipway.test.seed", new SplittableRandom().nextLong());

    /** Runs the tasks on their own threads, started together, and returns their results in order. */
    private static <V> List<V> runTogether(List<Callable<V>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<V>> futures = new ArrayList<>();
            for (Callable<V> task : tasks) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<V> results = new ArrayList<>();
            for (Future<V> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    private AssertionError withSeed(Throwable e) {
        return new AssertionError("failed with seed " + seed + " (-Dslipway.test.seed=" + seed + "): " + e, e);
    }

    @Test
    void invalidated_duringChurn_reportsEveryStableSubscriptionAndNothingUntouched() throws Exception {
        try {
            churn();
        } catch (AssertionError | Exception e) {
            throw withSeed(e);
        }
    }

    private void churn() throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        RandomReads gen = new RandomReads(random, 3);
        SubscriptionIndex<String> index = SubscriptionIndex.create();
        List<Subscription<String>> stable = new ArrayList<>();
        List<Reads> stableReads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Reads reads = gen.reads(5);
            stable.add(index.register("stable" + i, reads.readSet()));
            stableReads.add(reads);
        }
        List<CommitKeys> commits = new ArrayList<>();
        for (int i = 0; i < COMMITS; i++) {
            commits.add(gen.commit(3));
        }
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < REGISTRANTS; t++) {
            SplittableRandom own = random.split();
            tasks.add(() -> churnRegistrations(index, own));
        }
        tasks.add(() -> {
            List<String> problems = new ArrayList<>();
            for (CommitKeys keys : commits) {
                Set<Subscription<String>> found = index.invalidated(keys);
                for (Subscription<String> s : found) {
                    if (!touches(s.readSet(), keys)) {
                        problems.add(s + " reported for " + keys);
                    }
                }
                for (int i = 0; i < stable.size(); i++) {
                    if (found.contains(stable.get(i)) != stableReads.get(i).touchedBy(keys)) {
                        problems.add("stable " + i + " " + stableReads.get(i).raw() + " for " + keys);
                    }
                }
            }
            return problems;
        });

        List<List<String>> problems = runTogether(tasks);

        assertThat(problems).allSatisfy(list -> assertThat(list).isEmpty());
        assertThat(index.size()).isEqualTo(stable.size());
        SubscriptionIndex<String> fresh = SubscriptionIndex.create();
        stableReads.forEach(reads -> fresh.register("s", reads.readSet()));
        assertThat(index.intervalCount()).isEqualTo(fresh.intervalCount());
    }

    /** Registers and unregisters at random, then unregisters everything it still holds. */
    private static List<String> churnRegistrations(SubscriptionIndex<String> index, SplittableRandom random) {
        RandomReads gen = new RandomReads(random, 3);
        List<Subscription<String>> mine = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int op = 0; op < OPERATIONS_PER_REGISTRANT; op++) {
            if (mine.size() < 20 || random.nextBoolean()) {
                mine.add(index.register("churn", gen.reads(5).readSet()));
            } else if (!index.unregister(mine.remove(random.nextInt(mine.size())))) {
                problems.add("unregister answered false");
            }
        }
        for (Subscription<String> s : mine) {
            index.unregister(s);
        }
        return problems;
    }

    private static boolean touches(ReadSet readSet, CommitKeys keys) {
        for (IndexId index : keys.indexes()) {
            for (IndexKey key : keys.keys(index)) {
                if (readSet.intersects(index, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Registered(long readTs, Reads reads, Registration<String> registration) {}

    @Test
    void registerAt_racingCommits_neverMissesAnInvalidation() throws Exception {
        try {
            registerAtRacingCommits();
        } catch (AssertionError | Exception e) {
            throw withSeed(e);
        }
    }

    private void registerAtRacingCommits() throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        RandomReads gen = new RandomReads(random, 2);
        SubscriptionIndex<String> index = SubscriptionIndex.create();
        WriteLog log = WriteLog.startingAfter(Timestamp.of(0));
        List<CommitKeys> commits = new ArrayList<>();
        for (int i = 0; i < COMMITS; i++) {
            commits.add(gen.commit(2));
        }
        AtomicReferenceArray<Set<Subscription<String>>> invalidatedAt = new AtomicReferenceArray<>(COMMITS + 1);
        ConcurrentLinkedQueue<Registered> registered = new ConcurrentLinkedQueue<>();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < REGISTRANTS; t++) {
            RandomReads own = new RandomReads(random.split(), 2);
            tasks.add(() -> {
                for (int n = 0; n < OPERATIONS_PER_REGISTRANT; n++) {
                    long readTs = log.latest().nanos();
                    Reads reads = own.reads(3);
                    registered.add(new Registered(
                            readTs, reads, index.registerAt("q", reads.readSet(), Timestamp.of(readTs), log)));
                }
                return OPERATIONS_PER_REGISTRANT;
            });
        }
        tasks.add(() -> {
            for (int ts = 1; ts <= COMMITS; ts++) {
                CommitKeys keys = commits.get(ts - 1);
                log.append(Timestamp.of(ts), keys); // append first, then invalidate
                invalidatedAt.set(ts, index.invalidated(keys));
            }
            return COMMITS;
        });

        runTogether(tasks);

        assertThat(registered).hasSize(REGISTRANTS * OPERATIONS_PER_REGISTRANT);
        for (Registered r : registered) {
            switch (r.registration) {
                case Registration.Active<String> active -> {
                    for (int ts = (int) r.readTs + 1; ts <= COMMITS; ts++) {
                        if (r.reads.touchedBy(commits.get(ts - 1))
                                && !invalidatedAt.get(ts).contains(active.subscription())) {
                            throw new AssertionError("commit " + ts + " touches " + r.reads.raw() + " read at "
                                    + r.readTs + " but did not report it");
                        }
                    }
                }
                case Registration.Stale<String> stale -> {
                    Conflict.KeyWritten written = (Conflict.KeyWritten) stale.reason();
                    assertThat(written.commitTs().nanos()).isGreaterThan(r.readTs);
                    assertThat(r.reads.contains(written.index(), written.key())).isTrue();
                    assertThat(commits.get((int) written.commitTs().nanos() - 1).keys(written.index()))
                            .contains(written.key());
                }
            }
        }
    }
}
