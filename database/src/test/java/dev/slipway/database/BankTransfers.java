package dev.slipway.database;

import static dev.slipway.database.V.field;
import static dev.slipway.database.V.i64;
import static dev.slipway.database.V.obj;
import static dev.slipway.database.V.patch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.database.query.SerializedQuery;
import dev.slipway.persistence.Timestamp;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seeded bank-transfer workload: threads run random transfers through {@link MutationRunner} and
 * read-only audits; every audit must see the exact total, and replaying the committed transfers
 * serially in commit-timestamp order must give the final balances (and never overdraw).
 */
final class BankTransfers {
    static final int ACCOUNTS = 8;
    static final long INITIAL = 100;

    private record Transfer(int from, int to, long amount, Timestamp commitTs) {}

    private final Database db;
    private final List<DocumentId> accounts = new ArrayList<>();
    private final ConcurrentLinkedQueue<Transfer> committed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger audits = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();

    BankTransfers(Database db) {
        this.db = db;
    }

    /** Runs {@code threads} × {@code opsPerThread} operations and checks everything. */
    void run(long seed, int threads, int opsPerThread) throws Exception {
        Transaction setup = db.begin();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(setup.insert("accounts", obj("owner", i64(i), "balance", i64(INITIAL))));
        }
        setup.commit();
        SplittableRandom root = new SplittableRandom(seed);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = root.split();
                futures.add(pool.submit(() -> worker(random, opsPerThread)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(auditTotal()).isEqualTo(ACCOUNTS * INITIAL);
        checkSerialReplay();
        assertThat(committed).as("some transfers committed").isNotEmpty();
    }

    private void worker(SplittableRandom random, int ops) {
        MutationRunner runner = new MutationRunner(
                db,
                new RetryPolicy(8, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMinutes(1)),
                System::nanoTime,
                d -> Thread.yield(),
                random.split());
        for (int i = 0; i < ops; i++) {
            if (random.nextInt(4) == 0) {
                assertThat(auditTotal()).isEqualTo(ACCOUNTS * INITIAL);
                audits.incrementAndGet();
            } else {
                transfer(runner, random.nextInt(ACCOUNTS), random.nextInt(ACCOUNTS), 1 + random.nextInt(60));
            }
        }
    }

    private void transfer(MutationRunner runner, int from, int to, long wanted) {
        try {
            MutationRunner.Committed<Long> result = runner.run(tx -> {
                long fromBalance = balance(tx, from);
                if (from == to || fromBalance < wanted) {
                    return 0L;
                }
                long toBalance = balance(tx, to);
                tx.patch(accounts.get(from), patch("balance", i64(fromBalance - wanted)));
                tx.patch(accounts.get(to), patch("balance", i64(toBalance + wanted)));
                return wanted;
            });
            committed.add(new Transfer(from, to, result.value(), result.commitTs()));
        } catch (OccConflict e) {
            gaveUp.incrementAndGet();
        }
    }

    private long balance(Transaction tx, int account) {
        Value.Obj doc = tx.get(accounts.get(account)).orElseThrow();
        return ((Value.Int64) field(doc, "balance")).value();
    }

    private long auditTotal() {
        Transaction tx = db.begin();
        long total = 0;
        var docs = tx.query(
                SerializedQuery.parse(
                        "{\"source\":{\"type\":\"FullTableScan\",\"tableName\":\"accounts\",\"order\":null},\"operators\":[]}"));
        while (docs.hasNext()) {
            total += ((Value.Int64) field(docs.next(), "balance")).value();
        }
        tx.commit();
        return total;
    }

    private void checkSerialReplay() {
        List<Transfer> ordered = new ArrayList<>(committed);
        ordered.sort(Comparator.comparing(Transfer::commitTs));
        List<Timestamp> stamps = ordered.stream()
                .filter(t -> t.amount() > 0)
                .map(Transfer::commitTs)
                .toList();
        assertThat(stamps)
                .as("writing transfers have distinct commit timestamps")
                .doesNotHaveDuplicates();
        long[] balances = new long[ACCOUNTS];
        java.util.Arrays.fill(balances, INITIAL);
        for (Transfer t : ordered) {
            assertThat(balances[t.from()])
                    .as("serial replay never overdraws: %s", t)
                    .isGreaterThanOrEqualTo(t.amount());
            balances[t.from()] -= t.amount();
            balances[t.to()] += t.amount();
        }
        Transaction tx = db.begin();
        for (int i = 0; i < ACCOUNTS; i++) {
            assertThat(balance(tx, i)).as("account %d after replay", i).isEqualTo(balances[i]);
        }
    }

    String summary() {
        return committed.size() + " transfers committed, " + gaveUp.get() + " gave up, " + audits.get()
                + " audits; "
                + Collections.frequency(
                        committed.stream().map(t -> t.amount() > 0).toList(), true)
                + " moved money";
    }
}
