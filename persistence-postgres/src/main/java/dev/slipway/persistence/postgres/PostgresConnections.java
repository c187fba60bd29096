package dev.slipway.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The connection pool of one store and the three ways its work runs: one statement on its own
 * ({@link #single}), several statements that must see one snapshot ({@link #snapshot}), and a
 * read-write transaction ({@link #transaction}). Every {@link SQLException} leaves through {@link
 * PostgresErrors}.
 *
 * <p>Implementation notes. Every pooled connection is set up once: transaction isolation
 * REPEATABLE READ (so a transaction's statements share one snapshot), {@code synchronous_commit =
 * on} (a commit returns only once its WAL is flushed, whatever the server's default), batched
 * inserts rewritten to multi-row inserts, and the driver's connect timeout. A snapshot read marks
 * the connection read-only, which makes the driver open its transaction with {@code BEGIN READ
 * ONLY} at no extra round trip; the pool restores auto-commit and read-only when the connection
 * comes back. Once {@link #close} ran, nothing touches the pool again and every call fails with
 * {@code StoreClosed}.
 */
final class PostgresConnections implements AutoCloseable {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String store;
    private volatile boolean closed;

    private PostgresConnections(HikariDataSource pool, String store) {
        this.pool = pool;
        this.store = store;
    }

    /**
     * Starts the pool and makes one connection, so that a server that cannot be reached fails here,
     * once, within the connect timeout.
     */
    static PostgresConnections open(PostgresOptions options) {
        try {
            return new PostgresConnections(new HikariDataSource(config(options)), options.describe());
        } catch (HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw PostgresErrors.map(sql, "open the store", options.describe());
            }
            throw e;
        }
    }

    private static HikariConfig config(PostgresOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("slipway-postgres-" + options.schema());
        config.setJdbcUrl(options.jdbcUrl());
        config.setUsername(options.user());
        options.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(options.poolSize());
        // A server holds many stores: keep one connection when idle, open more on demand.
        config.setMinimumIdle(1);
        long timeoutMillis = options.connectTimeout().toMillis();
        config.setConnectionTimeout(timeoutMillis);
        // The pool would lower a larger validation timeout to the connection timeout by itself.
        config.setValidationTimeout(
                Math.min(timeoutMillis, Duration.ofSeconds(5).toMillis()));
        // Try to connect once when the pool starts, and fail then: no retry loop.
        config.setInitializationFailTimeout(1);
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        config.setConnectionInitSql("SET synchronous_commit = on");
        config.addDataSourceProperty("connectTimeout", Long.toString(ceilSeconds(options.connectTimeout())));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "slipway");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return config;
    }

    private static long ceilSeconds(Duration d) {
        return d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    }

    /** One statement (or several that need no common snapshot), each committed on its own. */
    <T> T single(String operation, Work<T> work) {
        return run(operation, Mode.SINGLE, work);
    }

    /** Several reads that see one consistent snapshot, in a read-only transaction. */
    <T> T snapshot(String operation, Work<T> work) {
        return run(operation, Mode.SNAPSHOT, work);
    }

    /** A read-write transaction, committed (durably) when {@code work} returns. */
    <T> T transaction(String operation, Work<T> work) {
        return run(operation, Mode.TRANSACTION, work);
    }

    private enum Mode {
        SINGLE,
        SNAPSHOT,
        TRANSACTION
    }

    private <T> T run(String operation, Mode mode, Work<T> work) {
        if (closed) {
            throw PostgresErrors.closed(store);
        }
        try (Connection connection = pool.getConnection()) {
            return switch (mode) {
                case SINGLE -> work.apply(connection);
                case SNAPSHOT -> inTransaction(connection, true, work);
                case TRANSACTION -> inTransaction(connection, false, work);
            };
        } catch (SQLException e) {
            if (closed) {
                throw PostgresErrors.closed(store);
            }
            throw PostgresErrors.map(e, operation, store);
        }
    }

    private static <T> T inTransaction(Connection connection, boolean readOnly, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(readOnly);
        T result;
        try {
            result = work.apply(connection);
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state == null || state.startsWith("08")) {
                throw new SQLException(
                        "the connection broke during commit, so its outcome is unknown: " + e.getMessage(), state, e);
            }
            throw e;
        }
        return result;
    }

    /**
     * Makes the transaction just begun READ COMMITTED (each statement sees what others committed
     * before it), instead of the pool's REPEATABLE READ; must come before any other statement.
     */
    static void readCommitted(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }
    }

    /** Closes the pool; idempotent. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
