package dev.slipway.persistence.sqlite;

import static dev.slipway.persistence.sqlite.SqliteStoreFileTest.assertFails;
import static dev.slipway.persistence.sqlite.TestData.docId;
import static dev.slipway.persistence.sqlite.TestData.inserted;
import static dev.slipway.persistence.sqlite.TestData.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.persistence.ConflictStrategy;
import dev.slipway.persistence.PersistenceException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waiting for locks and connections: every wait is bounded by the busy timeout and ends in a
 * retryable error that says what it waited for; an interrupted wait restores the interrupt flag.
 */
class SqliteLockingTest {
    private static final Duration TIMEOUT = Duration.ofMillis(100);
    private static final SqliteOptions OPTIONS =
            SqliteOptions.builder().readers(1).busyTimeout(TIMEOUT).build();

    @TempDir
    Path dir;

    private Path file;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void createStore() {
        file = dir.resolve("db.sqlite3");
        try (SqlitePersistence store = SqlitePersistence.open(file, OPTIONS)) {
            store.write(List.of(inserted(docId(1, 1), 10, 5)), List.of(), ConflictStrategy.ERROR);
        }
    }

    @AfterEach
    void releaseHolder() {
        release.countDown();
        threads.close();
    }

    @Test
    void write_anotherProcessHoldsTheWriteLock_failsRetryableAfterBusyTimeoutWhileReadsGoOn() throws SQLException {
        try (SqlitePersistence store = SqlitePersistence.open(file, OPTIONS);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");

            assertFails(
                            () -> store.write(List.of(inserted(docId(1, 2), 20, 6)), List.of(), ConflictStrategy.ERROR),
                            PersistenceException.STORE_FAILURE)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("locked")
                    .satisfies(e ->
                            assertThat(((PersistenceException) e).retryable()).isTrue());
            assertThat(store.get(docId(1, 1), ts(10))).isPresent();

            statement.execute("ROLLBACK");
            store.write(List.of(inserted(docId(1, 2), 20, 6)), List.of(), ConflictStrategy.ERROR);
            assertThat(store.maxTimestamp()).contains(ts(20));
        }
    }

    @Test
    void read_allReadersBusy_failsRetryableNamingThePoolState() throws Exception {
        ReaderPool pool = ReaderPool.open(file, file.toString(), OPTIONS);
        try {
            CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(
                    () -> pool.read(() -> "holding", s -> {
                        held.countDown();
                        return awaitRelease();
                    }),
                    threads);
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            assertFails(() -> pool.read(() -> "reading", s -> true), PersistenceException.STORE_FAILURE)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("no reader connection became free within 100 ms")
                    .hasMessageContaining("readers=1");

            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.<Boolean>read(() -> "reading", s -> true)).isTrue();
        } finally {
            pool.close();
        }
    }

    @Test
    void read_interruptedWhileWaitingForAReader_failsAndKeepsTheInterruptFlag() throws Exception {
        ReaderPool pool = ReaderPool.open(file, file.toString(), OPTIONS);
        try {
            CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(
                    () -> pool.read(() -> "holding", s -> {
                        held.countDown();
                        return awaitRelease();
                    }),
                    threads);
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            Thread.currentThread().interrupt();
            assertFails(() -> pool.read(() -> "reading", s -> true), PersistenceException.STORE_FAILURE)
                    .hasMessageContaining("interrupted while waiting for a reader connection");
            assertThat(Thread.interrupted()).isTrue();
            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            pool.close();
        }
    }

    @Test
    void write_writerBusyWithAnotherWrite_failsRetryableAfterBusyTimeout() throws Exception {
        SingleWriter writer = new SingleWriter(file.toString(), TIMEOUT, SqliteSession.openReadWrite(file, OPTIONS));
        try {
            CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(
                    () -> writer.inTransaction(() -> "holding", s -> {
                        held.countDown();
                        return awaitRelease();
                    }),
                    threads);
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            assertFails(
                            () -> writer.inTransaction(() -> "writing a batch", s -> true),
                            PersistenceException.STORE_FAILURE)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("writing a batch: the writer connection stayed busy for 100 ms");

            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.close();
        }
    }

    @Test
    void close_whileAReadIsInProgress_refusesNewReadsAndLetsItFinish() throws Exception {
        ReaderPool pool = ReaderPool.open(file, file.toString(), OPTIONS);
        CompletableFuture<Boolean> reading = CompletableFuture.supplyAsync(
                () -> pool.read(() -> "holding", s -> {
                    held.countDown();
                    return awaitRelease()
                            && s.queryText("SELECT count(*) FROM documents").equals(Optional.of("1"));
                }),
                threads);
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(pool::close, threads);
        awaitClosed(pool);
        release.countDown();

        assertThat(reading.get(10, TimeUnit.SECONDS)).isTrue();
        closing.get(10, TimeUnit.SECONDS);
        assertFails(() -> pool.read(() -> "reading", s -> true), PersistenceException.STORE_CLOSED);
    }

    /** Waits until the pool refuses new reads, which it does as soon as close begins. */
    private static void awaitClosed(ReaderPool pool) throws InterruptedException {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            try {
                pool.read(() -> "probing", s -> true);
            } catch (PersistenceException e) {
                if (e.code().equals(PersistenceException.STORE_CLOSED)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the pool never started closing");
    }

    private boolean awaitRelease() {
        try {
            return release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
