package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sessions holding the same run share one subscription to its dependency and one encoding of its
 * result: counted against a dependency that records its subscriptions, with a manual executor (who
 * is told, when), and once on real threads (nobody told twice, nobody told after leaving, nothing
 * left subscribed).
 */
class SharedRunsTest {
    /** A dependency that counts its subscriptions and fires them when told to. */
    private static final class CountingDependency implements Dependency {
        final List<Runnable> active = new ArrayList<>();
        int subscribed;
        boolean alreadyInvalidated;

        @Override
        public synchronized Subscription subscribe(Runnable invalidated) {
            subscribed++;
            if (alreadyInvalidated) {
                invalidated.run(); // a commit before the subscription: told at once, on this thread
                return () -> {};
            }
            active.add(invalidated);
            return () -> {
                synchronized (this) {
                    active.remove(invalidated);
                }
            };
        }

        @Override
        public boolean unchangedThrough(Timestamp ts) {
            return !alreadyInvalidated;
        }

        void invalidate() {
            List<Runnable> fired;
            synchronized (this) {
                alreadyInvalidated = true;
                fired = List.copyOf(active);
                active.clear();
            }
            fired.forEach(Runnable::run);
        }

        synchronized int active() {
            return active.size();
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final SharedRuns runs = new SharedRuns(executor);

    private static QueryRun run(Value value, Dependency dependency) {
        return new QueryRun(new Outcome.Success(value, List.of()), Optional.empty(), dependency);
    }

    @Test
    void subscribe_sameRun_oneSubscriptionForAll() {
        CountingDependency dependency = new CountingDependency();
        QueryRun shared = run(new Value.Str("v"), dependency);
        AtomicInteger told = new AtomicInteger();

        for (int i = 0; i < 5; i++) {
            runs.subscribe(shared, told::incrementAndGet);
        }

        assertThat(dependency.subscribed).isEqualTo(1);
        assertThat(runs.groups()).isEqualTo(1);
        dependency.invalidate();
        assertThat(told)
                .as("members are told on the executor, not on the firing thread")
                .hasValue(0);
        executor.runAll();
        assertThat(told).hasValue(5);
        assertThat(runs.groups()).isZero();
    }

    @Test
    void subscribe_equalButDistinctDependencies_notShared() {
        CountingDependency first = new CountingDependency();
        CountingDependency second = new CountingDependency();

        runs.subscribe(run(Value.Null.INSTANCE, first), () -> {});
        runs.subscribe(run(Value.Null.INSTANCE, second), () -> {});

        assertThat(first.subscribed).isEqualTo(1);
        assertThat(second.subscribed).isEqualTo(1);
        assertThat(runs.groups()).isEqualTo(2);
    }

    @Test
    void cancel_lastMemberOut_cancelsTheSubscription() {
        CountingDependency dependency = new CountingDependency();
        QueryRun shared = run(new Value.Str("v"), dependency);
        AtomicInteger told = new AtomicInteger();
        Subscription a = runs.subscribe(shared, told::incrementAndGet);
        Subscription b = runs.subscribe(shared, told::incrementAndGet);

        a.cancel();
        a.cancel(); // twice does nothing
        assertThat(dependency.active()).isEqualTo(1);
        b.cancel();

        assertThat(dependency.active()).isZero();
        assertThat(runs.groups()).isZero();
        dependency.invalidate();
        executor.runAll();
        assertThat(told).hasValue(0);
    }

    @Test
    void cancel_oneMember_othersStillTold() {
        CountingDependency dependency = new CountingDependency();
        QueryRun shared = run(new Value.Str("v"), dependency);
        AtomicInteger leaving = new AtomicInteger();
        AtomicInteger staying = new AtomicInteger();
        runs.subscribe(shared, leaving::incrementAndGet).cancel();
        runs.subscribe(shared, staying::incrementAndGet);

        dependency.invalidate();
        executor.runAll();

        assertThat(leaving).hasValue(0);
        assertThat(staying).hasValue(1);
    }

    @Test
    void subscribe_afterTheRunWasInvalidated_newSubscriptionToldAtOnce() {
        CountingDependency dependency = new CountingDependency();
        QueryRun shared = run(new Value.Str("v"), dependency);
        AtomicInteger early = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        runs.subscribe(shared, early::incrementAndGet);
        dependency.invalidate();

        Subscription joined = runs.subscribe(shared, late::incrementAndGet);
        executor.runAll();

        assertThat(dependency.subscribed).as("a finished group is not joined").isEqualTo(2);
        assertThat(early).hasValue(1);
        assertThat(late).hasValue(1);
        joined.cancel();
        assertThat(runs.groups()).isZero();
    }

    @Test
    void subscribe_noDependency_neverToldAndNotGrouped() {
        AtomicInteger told = new AtomicInteger();

        runs.subscribe(run(new Value.Str("v"), Dependency.none()), told::incrementAndGet)
                .cancel();

        assertThat(runs.groups()).isZero();
        assertThat(executor.pending()).isZero();
    }

    @Test
    void json_heldResult_encodedOnceAndShared() {
        Value value = Value.Obj.of(Map.of("body", new Value.Str("hi"), "n", new Value.Int64(3)));
        QueryRun shared = run(value, new CountingDependency());
        Subscription held = runs.subscribe(shared, () -> {});

        String first = runs.json(value);
        String second = runs.json(value);

        assertThat(first).isEqualTo(ConvexJson.encode(value));
        assertThat(second).isSameAs(first);
        assertThat(runs.json(Value.Obj.of(Map.of("body", new Value.Str("hi"), "n", new Value.Int64(3)))))
                .as("an equal value of another run is encoded where it is sent")
                .isEqualTo(first)
                .isNotSameAs(first);
        held.cancel();
        assertThat(runs.json(value)).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void json_failureData_sharedToo() {
        Value data = Value.Obj.of(Map.of("code", new Value.Str("E1")));
        QueryRun failed = new QueryRun(
                new Outcome.Failure("Uncaught ConvexError", Optional.of(data), List.of()),
                Optional.empty(),
                new CountingDependency());
        runs.subscribe(failed, () -> {});

        assertThat(runs.json(data)).isSameAs(runs.json(data)).isEqualTo(ConvexJson.encode(data));
    }

    @Test
    void realThreads_joinLeaveAndFireRace_eachToldAtMostOnceAndNothingLeft() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("SharedRunsTest seed " + seed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SharedRuns shared = new SharedRuns(pool);
            for (int trial = 0; trial < 200; trial++) {
                raceOnce(shared, pool, new SplittableRandom(seed + trial));
            }
            assertThat(shared.groups()).as("seed %d", seed).isZero();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void raceOnce(SharedRuns shared, ExecutorService pool, SplittableRandom random) throws Exception {
        CountingDependency dependency = new CountingDependency();
        QueryRun run = run(new Value.Str("v"), dependency);
        int members = 2 + random.nextInt(20);
        List<Integer> toldAfterLeaving = new CopyOnWriteArrayList<>();
        AtomicInteger[] told = new AtomicInteger[members];
        AtomicBoolean[] left = new AtomicBoolean[members];
        List<Integer> stayers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(members + 1);
        AtomicBoolean invalidated = new AtomicBoolean();
        for (int i = 0; i < members; i++) {
            int id = i;
            boolean leaves = random.nextBoolean();
            if (!leaves) {
                stayers.add(id);
            }
            told[id] = new AtomicInteger();
            left[id] = new AtomicBoolean();
            pool.execute(() -> {
                try {
                    start.await();
                    Subscription s = shared.subscribe(run, () -> {
                        if (left[id].get()) {
                            toldAfterLeaving.add(id);
                        }
                        told[id].incrementAndGet();
                    });
                    if (leaves) {
                        s.cancel();
                        left[id].set(!invalidated.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        pool.execute(() -> {
            try {
                start.await();
                invalidated.set(true);
                dependency.invalidate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
        start.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        // every member that stayed hears of the invalidation (on the pool, soon)
        for (int i = 0; i < 2000 && !stayers.stream().allMatch(id -> told[id].get() > 0); i++) {
            Thread.sleep(5);
        }
        for (int id : stayers) {
            assertThat(told[id].get()).as("member %d stayed", id).isEqualTo(1);
        }
        for (AtomicInteger count : told) {
            assertThat(count.get()).isLessThanOrEqualTo(1);
        }
        assertThat(dependency.active())
                .as("subscriptions left on the dependency")
                .isZero();
    }
}
