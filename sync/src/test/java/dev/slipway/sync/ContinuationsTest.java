package dev.slipway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiters of one future go on together, each exactly once, whether it completes before, during or after they wait. */
class ContinuationsTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final Continuations continuations = new Continuations(executor);

    @Test
    void whenDone_completedFuture_runsAtOnceOnThisThread() {
        AtomicInteger ran = new AtomicInteger();

        continuations.whenDone(CompletableFuture.completedFuture("x"), ran::incrementAndGet);

        assertThat(ran).hasValue(1);
        assertThat(executor.pending()).isZero();
        assertThat(continuations.groups()).isZero();
    }

    @Test
    void whenDone_manyWaitersOfOneFuture_oneGroupReleasedInBatches() {
        CompletableFuture<String> shared = new CompletableFuture<>();
        AtomicInteger ran = new AtomicInteger();
        int waiters = Batches.CHUNK * 2 + 1;
        for (int i = 0; i < waiters; i++) {
            continuations.whenDone(shared, ran::incrementAndGet);
        }
        assertThat(continuations.groups()).isEqualTo(1);
        assertThat(ran).hasValue(0);

        shared.complete("done");

        assertThat(ran).as("released onto the executor").hasValue(0);
        assertThat(executor.pending()).as("one task per chunk").isEqualTo(3);
        executor.runAll();
        assertThat(ran).hasValue(waiters);
        assertThat(continuations.groups()).isZero();
    }

    @Test
    void whenDone_failedFuture_releasesTheWaitersToo() {
        CompletableFuture<String> shared = new CompletableFuture<>();
        List<Boolean> sawFailure = new ArrayList<>();
        continuations.whenDone(shared, () -> sawFailure.add(shared.isCompletedExceptionally()));
        continuations.whenDone(shared, () -> sawFailure.add(shared.isCompletedExceptionally()));

        shared.completeExceptionally(new IllegalStateException("boom"));
        executor.runAll();

        assertThat(sawFailure).containsExactly(true, true);
    }

    @Test
    void whenDone_distinctFutures_separateGroups() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        AtomicInteger ranA = new AtomicInteger();
        AtomicInteger ranB = new AtomicInteger();
        continuations.whenDone(a, ranA::incrementAndGet);
        continuations.whenDone(b, ranB::incrementAndGet);

        a.complete("a");
        executor.runAll();

        assertThat(ranA).hasValue(1);
        assertThat(ranB).hasValue(0);
        assertThat(continuations.groups()).isEqualTo(1);
    }

    @Test
    void realThreads_completionRacesTheWaiters_eachRunsExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Continuations racing = new Continuations(pool);
            for (int trial = 0; trial < 300; trial++) {
                CompletableFuture<String> shared = new CompletableFuture<>();
                int waiters = 1 + trial % 40;
                ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch ran = new CountDownLatch(waiters);
                for (int i = 0; i < waiters; i++) {
                    AtomicInteger count = new AtomicInteger();
                    runs.put(i, count);
                    pool.execute(() -> {
                        await(start);
                        racing.whenDone(shared, () -> {
                            count.incrementAndGet();
                            ran.countDown();
                        });
                    });
                }
                pool.execute(() -> {
                    await(start);
                    shared.complete("done");
                });
                start.countDown();
                assertThat(ran.await(10, TimeUnit.SECONDS))
                        .as("trial %d: every waiter ran", trial)
                        .isTrue();
                for (AtomicInteger count : runs.values()) {
                    assertThat(count.get()).as("trial %d", trial).isEqualTo(1);
                }
            }
            for (int i = 0; i < 200 && racing.groups() > 0; i++) {
                Thread.sleep(5);
            }
            assertThat(racing.groups()).isZero();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
