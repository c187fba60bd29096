package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.Timestamp;
import dev.slipway.sync.Dependency;
import dev.slipway.sync.FunctionCall;
import dev.slipway.sync.Identity;
import dev.slipway.sync.QueryRun;
import dev.slipway.sync.protocol.Outcome;
import dev.slipway.value.Value;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The query cache, the mutation records, the code watch and the interim journals. */
class SharingTest {
    private static final FunctionCall CALL = new FunctionCall(
            "messages:list", Value.Obj.empty(), Identity.anonymous(), Optional.empty(), Optional.empty());

    private static QueryRun run(String value) {
        return new QueryRun(new Outcome.Success(new Value.Str(value), List.of()), Optional.empty(), Dependency.none());
    }

    @Test
    void queryCache_sameCallSameTsSameCode_runsOnce() {
        QueryCache cache = new QueryCache();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<QueryRun> pending = new CompletableFuture<>();
        CompletableFuture<QueryRun> a = cache.get(CALL, Optional.empty(), Timestamp.of(5), 0, () -> {
            runs.incrementAndGet();
            return pending;
        });
        CompletableFuture<QueryRun> b = cache.get(CALL, Optional.empty(), Timestamp.of(5), 0, () -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(run("other"));
        });
        pending.complete(run("shared"));
        assertThat(runs).hasValue(1);
        assertThat(a.join()).isSameAs(b.join());
    }

    @Test
    void queryCache_olderTsOrNewCode_runsAgain() {
        QueryCache cache = new QueryCache();
        cache.get(CALL, Optional.empty(), Timestamp.of(5), 0, () -> CompletableFuture.completedFuture(run("at 5")));
        assertThat(cache.get(
                                CALL,
                                Optional.empty(),
                                Timestamp.of(4),
                                0,
                                () -> CompletableFuture.completedFuture(run("at 4")))
                        .join())
                .isEqualTo(run("at 4"));
        assertThat(cache.get(
                                CALL,
                                Optional.empty(),
                                Timestamp.of(5),
                                1,
                                () -> CompletableFuture.completedFuture(run("new code")))
                        .join())
                .isEqualTo(run("new code"));
        assertThat(cache.get(
                                CALL,
                                Optional.empty(),
                                Timestamp.of(5),
                                0,
                                () -> CompletableFuture.completedFuture(run("again")))
                        .join())
                .isEqualTo(run("at 5"));
    }

    @Test
    void queryCache_pinnedVersions_areNotShared() {
        QueryCache cache = new QueryCache();
        cache.get(CALL, Optional.empty(), Timestamp.of(5), 0, () -> CompletableFuture.completedFuture(run("current")));
        assertThat(cache.get(
                                CALL,
                                Optional.of("0123456789ab"),
                                Timestamp.of(5),
                                0,
                                () -> CompletableFuture.completedFuture(run("pinned")))
                        .join())
                .isEqualTo(run("pinned"));
        assertThat(cache.get(
                                CALL,
                                Optional.of("0123456789ab"),
                                Timestamp.of(5),
                                0,
                                () -> CompletableFuture.completedFuture(run("pinned again")))
                        .join())
                .isEqualTo(run("pinned"));
    }

    @Test
    void queryCache_failedRun_isNotKept() {
        QueryCache cache = new QueryCache();
        CompletableFuture<QueryRun> failed = cache.get(
                CALL,
                Optional.empty(),
                Timestamp.of(5),
                0,
                () -> CompletableFuture.failedFuture(new IllegalStateException()));
        assertThat(failed).isCompletedExceptionally();
        assertThat(cache.get(
                                CALL,
                                Optional.empty(),
                                Timestamp.of(5),
                                0,
                                () -> CompletableFuture.completedFuture(run("retry")))
                        .join())
                .isEqualTo(run("retry"));
    }

    @Test
    void codeWatch_push_notifiesOnceAndOnlyCurrentWatchers() {
        CodeWatch watch = new CodeWatch();
        AtomicInteger fired = new AtomicInteger();
        watch.onChange(0, fired::incrementAndGet);
        watch.onChange(0, fired::incrementAndGet).cancel();
        watch.changed();
        watch.changed();
        assertThat(fired).hasValue(1);
        watch.onChange(0, fired::incrementAndGet); // already stale: at once
        assertThat(fired).hasValue(2);
    }
}
