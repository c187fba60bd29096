package dev.slipway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.isolate.FunctionKind;
import dev.slipway.isolate.LogLevel;
import dev.slipway.isolate.LogLine;
import dev.slipway.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The function log's ring, cursors and long poll, on its own: entries are appended through the same
 * {@code record} the application uses, stamped by an injected clock.
 */
class FunctionLogTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    private static FunctionCall call(String path, FunctionCall.Caller caller) {
        return new FunctionCall(
                FunctionPath.parse(path), Value.Obj.of(Map.of()), caller, FunctionCall.RequestInfo.of("req-" + path));
    }

    private void append(FunctionLog log, int n) {
        for (int i = 0; i < n; i++) {
            log.record(
                    call("fn:f" + i, FunctionCall.Caller.CLIENT),
                    "fn:f" + i,
                    FunctionKind.QUERY,
                    clock.getAndIncrement(),
                    System.nanoTime(),
                    Optional.empty(),
                    List.of());
        }
    }

    private static List<String> functions(FunctionLog.Page page) {
        return page.entries().stream().map(FunctionLogEntry::function).toList();
    }

    @Test
    void record_successAndFailure_keepTheirFields() {
        FunctionLog log = new FunctionLog(10, clock::get);
        FunctionResult ok = log.timed(
                call("messages:send", FunctionCall.Caller.CLIENT),
                FunctionKind.MUTATION,
                () -> new FunctionResult.Success(
                        Value.Null.INSTANCE,
                        List.of(new LogLine(LogLevel.LOG, "'sending' 'hi'")),
                        Optional.empty(),
                        Optional.empty()));
        assertThat(ok).isInstanceOf(FunctionResult.Success.class);
        assertThatThrownBy(
                        () -> log.timed(call("messages:secret", FunctionCall.Caller.ADMIN), FunctionKind.QUERY, () -> {
                            throw new IllegalStateException("boom");
                        }))
                .hasMessage("boom");

        List<FunctionLogEntry> entries = log.after(Optional.empty(), 10).entries();
        assertThat(entries).hasSize(2);
        FunctionLogEntry sent = entries.get(0);
        assertThat(sent.function()).isEqualTo("messages:send");
        assertThat(sent.kind()).isEqualTo(FunctionKind.MUTATION);
        assertThat(sent.success()).isTrue();
        assertThat(sent.logLines()).containsExactly("[LOG] 'sending' 'hi'");
        assertThat(sent.error()).isEmpty();
        assertThat(sent.timestamp()).isEqualTo(1_000);
        assertThat(sent.requestId()).isEqualTo("req-messages:send");
        assertThat(sent.caller()).isEqualTo(FunctionCall.Origin.CLIENT);
        assertThat(sent.jobId()).isEmpty();
        assertThat(sent.durationMs()).isNotNegative();
        FunctionLogEntry failed = entries.get(1);
        assertThat(failed.success()).isFalse();
        assertThat(failed.error()).contains("boom");
        assertThat(failed.caller()).isEqualTo(FunctionCall.Origin.ADMIN);
    }

    @Test
    void after_followingTheReturnedCursor_seesEveryEntryOnceInOrder() {
        FunctionLog log = new FunctionLog(100, clock::get);
        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int round = 0; round < 7; round++) {
            append(log, round); // 0 + 1 + ... + 6 = 21 entries, read 4 at a time in between
            for (int read = 0; read < 3; read++) {
                FunctionLog.Page page = log.after(cursor, 4);
                assertThat(page.truncated()).isFalse();
                page.entries().forEach(e -> seen.add(e.function() + "@" + e.timestamp()));
                cursor = Optional.of(page.cursor());
            }
        }
        FunctionLog.Page rest = log.after(cursor, 100);
        rest.entries().forEach(e -> seen.add(e.function() + "@" + e.timestamp()));
        List<String> all = log.after(Optional.empty(), 100).entries().stream()
                .map(e -> e.function() + "@" + e.timestamp())
                .toList();
        assertThat(all).hasSize(21).doesNotHaveDuplicates();
        assertThat(seen).isEqualTo(all);
        assertThat(log.after(Optional.of(rest.cursor()), 100).entries()).isEmpty();
    }

    @Test
    void after_entryIdAsCursor_continuesAfterThatEntry() {
        FunctionLog log = new FunctionLog(10, clock::get);
        append(log, 5);
        List<FunctionLogEntry> all = log.after(Optional.empty(), 10).entries();
        FunctionLog.Page page = log.after(Optional.of(all.get(1).id()), 2);
        assertThat(page.entries()).containsExactly(all.get(2), all.get(3));
        assertThat(page.cursor()).isEqualTo(all.get(3).id());
    }

    @Test
    void after_cursorOverwrittenByTheRing_startsAtOldestAndSaysTruncated() {
        FunctionLog log = new FunctionLog(5, clock::get);
        append(log, 3);
        String cursor = log.after(Optional.empty(), 1).cursor(); // after f0
        append(log, 6); // 9 entries in all; the ring keeps the last 5 (f3 of the first batch onwards)
        FunctionLog.Page page = log.after(Optional.of(cursor), 100);
        assertThat(page.truncated()).isTrue();
        assertThat(functions(page)).containsExactly("fn:f1", "fn:f2", "fn:f3", "fn:f4", "fn:f5");
        FunctionLog.Page next = log.after(Optional.of(page.cursor()), 100);
        assertThat(next.truncated()).isFalse();
        assertThat(next.entries()).isEmpty();
    }

    @Test
    void after_cursorOfTheLastEntryBeforeOverflow_isNotTruncated() {
        FunctionLog log = new FunctionLog(5, clock::get);
        append(log, 5);
        String cursor = log.after(Optional.empty(), 5).cursor();
        append(log, 5); // exactly fills the ring again: nothing after the cursor was lost
        FunctionLog.Page page = log.after(Optional.of(cursor), 100);
        assertThat(page.truncated()).isFalse();
        assertThat(page.entries()).hasSize(5);
    }

    @Test
    void after_cursorOfAnotherLog_isTruncatedFromTheOldest() {
        FunctionLog before = new FunctionLog(5, clock::get);
        append(before, 2);
        String oldCursor = before.after(Optional.empty(), 5).cursor();
        FunctionLog restarted = new FunctionLog(5, clock::get);
        append(restarted, 1);
        FunctionLog.Page page = restarted.after(Optional.of(oldCursor), 5);
        assertThat(page.truncated()).isTrue();
        assertThat(page.entries()).hasSize(1);
    }

    @Test
    void after_malformedOrFutureCursor_isRefusedNamingIt() {
        FunctionLog log = new FunctionLog(5, clock::get);
        append(log, 1);
        String cursor = log.after(Optional.empty(), 5).cursor();
        String future = cursor.substring(0, cursor.lastIndexOf('.') + 1) + "99";
        assertThatThrownBy(() -> log.after(Optional.of("nonsense"), 5))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.code()).isEqualTo(FunctionLog.INVALID_CURSOR))
                .hasMessageContaining("nonsense");
        assertThatThrownBy(() -> log.after(Optional.of(future), 5))
                .isInstanceOf(ApplicationException.class)
                .hasMessageContaining(future)
                .hasMessageContaining("past the newest entry");
    }

    @Test
    void tail_givesNewestEntriesAndZeroGivesTheEndCursor() {
        FunctionLog log = new FunctionLog(5, clock::get);
        assertThat(log.tail(3).entries()).isEmpty();
        append(log, 8);
        assertThat(functions(log.tail(2))).containsExactly("fn:f6", "fn:f7");
        assertThat(log.tail(50).entries()).hasSize(5);
        FunctionLog.Page end = log.tail(0);
        assertThat(end.entries()).isEmpty();
        assertThat(log.after(Optional.of(end.cursor()), 10).entries()).isEmpty();
        append(log, 1);
        assertThat(functions(log.after(Optional.of(end.cursor()), 10))).containsExactly("fn:f0");
    }

    @Test
    void awaitAfter_newExecution_wakesTheWaitingReader() throws Exception {
        FunctionLog log = new FunctionLog(5, clock::get);
        String end = log.tail(0).cursor();
        CompletableFuture<FunctionLog.Page> poll = CompletableFuture.supplyAsync(
                () -> log.awaitAfter(Optional.of(end), 10, Duration.ofMinutes(10)),
                task -> Thread.ofVirtual().start(task));
        awaitWaitingReader(log);
        append(log, 1);
        FunctionLog.Page page = poll.get(60, TimeUnit.SECONDS); // far less than the 10 minutes it may wait
        assertThat(functions(page)).containsExactly("fn:f0");
    }

    @Test
    void awaitAfter_nothingHappens_answersEmptyWhenTheTimeIsUp() {
        FunctionLog log = new FunctionLog(5, clock::get);
        FunctionLog.Page page = log.awaitAfter(Optional.of(log.tail(0).cursor()), 10, Duration.ofMillis(1));
        assertThat(page.entries()).isEmpty();
        assertThat(page.cursor()).isEqualTo(log.tail(0).cursor());
    }

    @Test
    void awaitAfter_entriesAlreadyThere_answersAtOnce() {
        FunctionLog log = new FunctionLog(5, clock::get);
        append(log, 2);
        assertThat(log.awaitAfter(Optional.empty(), 10, Duration.ofDays(1)).entries())
                .hasSize(2);
    }

    @Test
    void close_wakesWaitingReaders() throws Exception {
        FunctionLog log = new FunctionLog(5, clock::get);
        CompletableFuture<FunctionLog.Page> poll = CompletableFuture.supplyAsync(
                () -> log.awaitAfter(Optional.of(log.tail(0).cursor()), 10, Duration.ofDays(1)),
                task -> Thread.ofVirtual().start(task));
        awaitWaitingReader(log);
        log.close();
        assertThat(poll.get(60, TimeUnit.SECONDS).entries()).isEmpty();
    }

    /** Waits (bounded, never asserted on) until a reader sleeps in {@code awaitAfter}. */
    private static void awaitWaitingReader(FunctionLog log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (log.waitingReaders() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the reader never started waiting");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void create_capacityBelowOne_isRefused() {
        assertThatThrownBy(() -> new FunctionLog(0, clock::get)).hasMessageContaining("capacity must be >= 1");
    }
}
