package dev.slipway.persistence.sqlite;

import dev.slipway.persistence.PersistenceException;
import dev.slipway.persistence.sqlite.SqliteSession.SqlFunction;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed set of read-only connections, each lent to one thread at a time.
 *
 * <p>Implementation notes. Idle sessions wait in {@link #idle}; a reader takes one, waiting at most
 * the busy timeout, and always gives it back. Each read runs in its own SQLite read transaction
 * ({@code BEGIN} ... {@code COMMIT}), so all statements of one call see the same WAL snapshot and a
 * reader never sees part of a batch. {@link #close} marks the pool closed, closes the idle sessions
 * and then waits (up to the busy timeout) for the borrowed ones, which their borrowers close when
 * they give them back; {@link #allClosed} counts them down. After close, borrowing fails with
 * {@link PersistenceException#STORE_CLOSED}.
 */
final class ReaderPool {
    private static final System.Logger LOG = System.getLogger(ReaderPool.class.getName());

    private final String store;
    private final Duration timeout;
    private final int size;
    private final BlockingQueue<SqliteSession> idle;
    private final CountDownLatch allClosed;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    private ReaderPool(String store, Duration timeout, List<SqliteSession> sessions) {
        this.store = store;
        this.timeout = timeout;
        this.size = sessions.size();
        this.idle = new ArrayBlockingQueue<>(size, false, sessions);
        this.allClosed = new CountDownLatch(size);
    }

    /** Opens {@code options.readers()} read-only connections to {@code file}. */
    static ReaderPool open(Path file, String store, SqliteOptions options) throws SQLException {
        List<SqliteSession> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < options.readers(); i++) {
                sessions.add(SqliteSession.openReadOnly(file, options));
            }
        } catch (SQLException | RuntimeException e) {
            sessions.forEach(s -> closeQuietly(s, e));
            throw e;
        }
        return new ReaderPool(store, options.busyTimeout(), sessions);
    }

    /**
     * Runs {@code body} in a read transaction on a borrowed connection; {@code doing} names the
     * operation in errors (computed only when one occurs).
     */
    <T> T read(Supplier<String> doing, SqlFunction<SqliteSession, T> body) {
        SqliteSession session = borrow();
        try {
            return session.inTransaction("BEGIN", body);
        } catch (SQLException e) {
            throw SqliteErrors.map(store, doing.get(), e);
        } finally {
            giveBack(session);
        }
    }

    private SqliteSession borrow() {
        if (closed) {
            throw SqliteErrors.closed(store);
        }
        SqliteSession session;
        waiting.incrementAndGet();
        try {
            session = idle.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw SqliteErrors.interrupted(store, "a reader connection", e);
        } finally {
            waiting.decrementAndGet();
        }
        if (session == null) {
            throw closed ? SqliteErrors.closed(store) : SqliteErrors.noFreeReader(store, timeout, size, waiting.get());
        }
        if (closed) {
            giveBack(session);
            throw SqliteErrors.closed(store);
        }
        return session;
    }

    private void giveBack(SqliteSession session) {
        if (closed) {
            closeSession(session);
            return;
        }
        idle.add(session);
        if (closed) {
            closeIdle();
        }
    }

    /** Closes the pool: idle connections now, borrowed ones when they come back (waited for briefly). */
    void close() {
        closed = true;
        closeIdle();
        try {
            if (!allClosed.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "SQLite store {0}: {1} reader connection(s) still in use after {2} ms; they close when"
                                + " their reads finish",
                        store,
                        allClosed.getCount(),
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeIdle() {
        for (SqliteSession session = idle.poll(); session != null; session = idle.poll()) {
            closeSession(session);
        }
    }

    private void closeSession(SqliteSession session) {
        try {
            session.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "SQLite store " + store + ": closing a reader connection failed", e);
        } finally {
            allClosed.countDown();
        }
    }

    private static void closeQuietly(SqliteSession session, Throwable failure) {
        try {
            session.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
