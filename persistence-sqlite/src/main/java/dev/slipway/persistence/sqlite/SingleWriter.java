package dev.slipway.persistence.sqlite;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.slipway.persistence.sqlite.SqliteSession.SqlFunction;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The store's one read-write connection. Writers take turns under {@link #lock}, each in a {@code
 * BEGIN IMMEDIATE} transaction, so SQLite's own write lock is only ever contended by other
 * processes. Waiting for the lock is bounded by the busy timeout and interruptible.
 */
final class SingleWriter {
    private static final System.Logger LOG = System.getLogger(SingleWriter.class.getName());

    private final String store;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();

    @GuardedBy("lock")
    private final SqliteSession session;

    @GuardedBy("lock")
    private boolean closed;

    SingleWriter(String store, Duration timeout, SqliteSession session) {
        this.store = store;
        this.timeout = timeout;
        this.session = session;
    }

    /**
     * Runs {@code body} in one write transaction, committed (and, with {@code synchronous=FULL},
     * fsynced) when it returns; {@code doing} names the operation in errors.
     */
    <T> T inTransaction(Supplier<String> doing, SqlFunction<SqliteSession, T> body) {
        acquire(doing);
        try {
            if (closed) {
                throw SqliteErrors.closed(store);
            }
            return session.inTransaction("BEGIN IMMEDIATE", body);
        } catch (SQLException e) {
            throw SqliteErrors.map(store, doing.get(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} on the connection outside any transaction (for pragmas). */
    <T> T withSession(Supplier<String> doing, SqlFunction<SqliteSession, T> body) {
        acquire(doing);
        try {
            if (closed) {
                throw SqliteErrors.closed(store);
            }
            return body.apply(session);
        } catch (SQLException e) {
            throw SqliteErrors.map(store, doing.get(), e);
        } finally {
            lock.unlock();
        }
    }

    private void acquire(Supplier<String> doing) {
        try {
            if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw SqliteErrors.writerBusy(store, doing.get(), timeout, lock.getQueueLength());
            }
        } catch (InterruptedException e) {
            throw SqliteErrors.interrupted(store, "the writer connection (" + doing.get() + ")", e);
        }
    }

    /** Closes the connection after the write in progress, if any; idempotent. */
    void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "SQLite store " + store + ": closing the writer connection failed", e);
        } finally {
            lock.unlock();
        }
    }
}
