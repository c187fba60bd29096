package dev.slipway.persistence.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * One JDBC connection to the store's file with its prepared statements, used by one thread at a
 * time (the writer under its lock, a reader while it is borrowed from the pool). Not thread-safe.
 *
 * <p>The connection stays in JDBC auto-commit mode; transactions are opened and ended with explicit
 * {@code BEGIN}/{@code COMMIT} statements, because the driver's own transaction handling would start
 * the next transaction (and, for {@code BEGIN IMMEDIATE}, take the write lock) right after each
 * commit.
 */
final class SqliteSession implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean inTransaction;

    private SqliteSession(Connection connection) {
        this.connection = connection;
    }

    /** The read-write connection; creates the file if it does not exist. */
    static SqliteSession openReadWrite(Path file, SqliteOptions options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(Math.toIntExact(options.busyTimeout().toMillis()));
        return open(file, config);
    }

    /** A read-only connection: it never creates or changes the file. */
    static SqliteSession openReadOnly(Path file, SqliteOptions options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Math.toIntExact(options.busyTimeout().toMillis()));
        return open(file, config);
    }

    /**
     * A read-only connection for inspecting a file that may not be a store. When no {@code -wal}
     * file exists, the whole database is in the main file, so it is opened {@code immutable}: SQLite
     * then takes no locks and creates no {@code -wal} or {@code -shm} file next to what may be
     * someone else's database.
     */
    static SqliteSession openForInspection(Path file, SqliteOptions options) throws SQLException {
        if (Files.exists(file.resolveSibling(file.getFileName() + "-wal"))) {
            return openReadOnly(file, options);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return new SqliteSession(config.createConnection("jdbc:sqlite:" + file.toUri() + "?immutable=1"));
    }

    private static SqliteSession open(Path file, SQLiteConfig config) throws SQLException {
        return new SqliteSession(config.createConnection("jdbc:sqlite:" + file));
    }

    /** The statement for {@code sql}, prepared on first use and kept until the session closes. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Runs a statement that returns no rows, such as {@code BEGIN} or a {@code CREATE}. */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a statement that returns at most one row of one column, such as a {@code PRAGMA}. */
    Optional<String> queryText(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }

    /**
     * Runs {@code body} in a transaction that starts with {@code begin} ({@code BEGIN} or {@code BEGIN
     * IMMEDIATE}) and commits when it returns; when it throws, the transaction is rolled back.
     */
    <T> T inTransaction(String begin, SqlFunction<SqliteSession, T> body) throws SQLException {
        prepared(begin).execute();
        inTransaction = true;
        T result;
        try {
            result = body.apply(this);
            prepared("COMMIT").execute();
            inTransaction = false;
        } catch (SQLException | RuntimeException | Error e) {
            rollbackAfter(e);
            throw e;
        }
        return result;
    }

    /** Ends the open transaction, if any, without committing. */
    void rollback() throws SQLException {
        if (inTransaction) {
            inTransaction = false;
            prepared("ROLLBACK").execute();
        }
    }

    private void rollbackAfter(Throwable failure) {
        try {
            rollback();
        } catch (SQLException e) {
            // SQLite may already have rolled back (after an I/O error, say); keep the first failure.
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        statements.clear();
        connection.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** A function that may fail with the driver's checked exception. */
    @FunctionalInterface
    interface SqlFunction<A, R> {
        R apply(A argument) throws SQLException;
    }
}
