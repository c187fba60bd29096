package dev.slipway.database;

import static dev.slipway.database.V.i64;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.persistence.MemoryPersistence;
import dev.slipway.value.DocumentId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MutationRunnerTest {
    private final MemoryPersistence store = MemoryPersistence.create("runner-test");
    private final Database db =
            Database.open(store, TestStores.options(TestStores.clock(), 1).build());
    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    private MutationRunner runner(RetryPolicy policy) {
        return new MutationRunner(db, policy, nanos::get, sleeps::add, new SplittableRandom(5));
    }

    private DocumentId counter() {
        Transaction tx = db.begin();
        DocumentId id = tx.insert("counters", obj("n", i64(0)));
        tx.commit();
        return id;
    }

    /** Reads the counter, then lets another transaction change it before committing: a conflict. */
    private Long conflictingBody(Transaction tx, DocumentId id) {
        tx.get(id);
        Transaction other = db.begin();
        other.patch(id, patch("n", i64(nanos.incrementAndGet())));
        other.commit();
        tx.patch(id, patch("n", i64(-1)));
        return 1L;
    }

    @Test
    void run_conflictsEveryTime_givesUpAfterMaxRetriesWithJitteredBackoff() {
        DocumentId id = counter();
        assertThatThrownBy(() -> runner(RetryPolicy.CONVEX_DEFAULTS).run(tx -> conflictingBody(tx, id)))
                .isInstanceOf(OccConflict.class)
                .hasMessageContaining("gave up after 5 attempts")
                .hasMessageContaining("counters");
        assertThat(sleeps).hasSize(4);
        long[] steps = {100, 200, 400, 800};
        for (int i = 0; i < 4; i++) {
            assertThat(sleeps.get(i)).isBetween(Duration.ofMillis(steps[i] / 2), Duration.ofMillis(steps[i]));
        }
    }

    @Test
    void run_conflictsTwice_commitsOnThirdAttempt() {
        DocumentId id = counter();
        AtomicInteger calls = new AtomicInteger();
        MutationRunner.Committed<Long> result = runner(RetryPolicy.CONVEX_DEFAULTS)
                .run(tx -> {
                    if (calls.incrementAndGet() <= 2) {
                        return conflictingBody(tx, id);
                    }
                    tx.patch(id, patch("n", i64(99)));
                    return 3L;
                });
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.commitTs()).isEqualTo(db.lastCommitted());
        assertThat(db.begin().get(id).orElseThrow().fields()).containsEntry("n", i64(99));
    }

    @Test
    void run_deadlineReached_startsNoFurtherAttempt() {
        DocumentId id = counter();
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(250));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(policy).run(tx -> {
                    calls.incrementAndGet();
                    nanos.addAndGet(Duration.ofMillis(100).toNanos());
                    return conflictingBody(tx, id);
                }))
                .isInstanceOf(OccConflict.class)
                .hasMessageContaining("gave up after");
        assertThat(calls.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void run_otherFailure_isNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner(RetryPolicy.CONVEX_DEFAULTS).run(tx -> {
                    calls.incrementAndGet();
                    return tx.insert("_tables", obj());
                }))
                .isInstanceOf(DatabaseException.class);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }
}
