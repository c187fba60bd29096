package dev.slipway.server;

import dev.slipway.sync.MutationRun;
import dev.slipway.sync.RequestKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs each socket mutation, named by the client's (session id, request id), at most once: a client
 * that reconnects resends every mutation it has not seen reflected, and a repeat gets the first
 * run's outcome (or joins it while it is still running).
 *
 * <p>Interim and in memory: Convex writes the record in the mutation's own transaction, so it survives
 * a restart and cannot disagree with the commit. Here a mutation that committed just before the
 * server stopped, and whose response was lost, runs again when the client resends it after the
 * restart. Replys are kept for {@link #RETENTION} (a client resends within seconds of
 * reconnecting), at most {@link #MAX_RECORDS}; a run that fails with an exception (no outcome) is
 * forgotten so a resend tries again.
 */
final class MutationReplies {
    static final Duration RETENTION = Duration.ofMinutes(10);
    static final int MAX_RECORDS = 100_000;

    private record Reply(long createdNanos, CompletableFuture<MutationRun> run) {}

    private final Map<RequestKey, Reply> replies = new ConcurrentHashMap<>();
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final LongSupplier nanoTime;
    private final AtomicLong lastSweep;

    MutationReplies(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong());
    }

    /** The outcome of the mutation {@code key}: running {@code run} the first time only. */
    CompletableFuture<MutationRun> runOnce(RequestKey key, Supplier<CompletableFuture<MutationRun>> run) {
        boolean[] created = {false};
        Reply record = replies.computeIfAbsent(key, k -> {
            created[0] = true;
            return new Reply(nanoTime.getAsLong(), new CompletableFuture<>());
        });
        if (created[0]) {
            CompletableFuture<MutationRun> future;
            try {
                future = run.get();
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<?> _ = future.whenComplete((result, error) -> {
                if (error != null) {
                    replies.remove(key, record);
                    record.run().completeExceptionally(error);
                } else {
                    record.run().complete(result);
                }
            });
            expire();
        }
        return record.run();
    }

    /** Sweeps old replies at most once a minute (or when full), so a mutation costs O(1) on average. */
    private void expire() {
        long now = nanoTime.getAsLong();
        if (replies.size() > MAX_RECORDS) {
            replies.entrySet().removeIf(e -> e.getValue().run().isDone());
        }
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY.toNanos() || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        replies.entrySet()
                .removeIf(e -> e.getValue().run().isDone() && now - e.getValue().createdNanos() > RETENTION.toNanos());
    }

    int size() {
        return replies.size();
    }
}
